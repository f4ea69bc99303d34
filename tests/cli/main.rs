//! Integration tests: one binary that runs the real `ug` (see `support`).

#[path = "../support/mod.rs"]
mod support;

mod bundled;
mod check;
mod cli;
mod concurrency;
mod corpus;
mod init;
mod lazy;
mod plan;
mod store;
mod store_form;
