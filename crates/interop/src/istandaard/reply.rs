//! Return messages (stub).
