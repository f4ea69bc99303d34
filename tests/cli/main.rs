//! Integration tests: one binary that runs the real `ug` (see `common`).

mod common;

mod check;
mod cli;
mod concurrency;
mod corpus;
mod init;
mod lazy;
mod plan;
mod store;
mod store_form;
