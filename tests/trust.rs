//! SPEC §11, played by a stranger who can only send mail: each attack
//! through the real binary (on a Maildir here; over IMAP on Dovecot in the
//! interop tests), showing that nothing changed and nobody was mailed more
//! than the SPEC allows; and each legitimate path still working end to end.

#[path = "support/mod.rs"]
mod support;

#[path = "trust/address_props.rs"]
mod address_props;
#[path = "trust/addresses.rs"]
mod addresses;
#[path = "trust/answers.rs"]
mod answers;
/// SPEC §11 "Time" and "Bounds": arrival from delivery, Maildir entries,
/// size, per-sender limit, cleaned text, Message-ID plus content.
#[path = "trust/bounds.rs"]
mod bounds;
#[path = "trust/files.rs"]
mod files;
/// SPEC §11 under a seeded flood of hostile mail (`UG_HOSTILE_CASES`).
#[path = "trust/fuzz.rs"]
mod fuzz;
#[path = "trust/secrets.rs"]
mod secrets;

#[path = "trust/bounces.rs"]
mod bounces;
#[path = "trust/proof.rs"]
mod proof;
#[path = "trust/proof_paths.rs"]
mod proof_paths;
/// Issue 19's audit: holes found by attacking the inbox again.
#[path = "trust/stranger.rs"]
mod stranger;
/// Issue 19's audit: strangers growing the file, digest, log or output.
#[path = "trust/stranger_bounds.rs"]
mod stranger_bounds;
