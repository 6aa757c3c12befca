//! The one integration-test binary (each extra binary costs a link on 2 cores).

mod support;

mod accounts;
mod authorization;
mod process;
mod storage;
