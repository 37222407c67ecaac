//! Helpers shared by the server tests.

pub mod server;
