//! Integration tests: one binary that runs the real `ug` (see `support`).

#[path = "../support/mod.rs"]
mod support;

mod bundled;
mod check;
mod cli;
mod concurrency;
mod corpus;
mod daily_install;
mod init;
mod init_example;
mod lazy;
mod plan;
mod store;
mod store_form;
