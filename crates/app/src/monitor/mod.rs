//! The monitor: goal trees, measurements and CBS files between their
//! exchange formats and the database.

pub mod cbs;
pub mod goal_tree;
pub mod measurements;
