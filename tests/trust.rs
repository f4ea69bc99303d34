//! SPEC §11, played by a stranger who can only send mail: each attack
//! through the real binary (on a Maildir here; over IMAP on Dovecot in the
//! interop tests), showing that nothing changed and nobody was mailed more
//! than the SPEC allows; and each legitimate path still working end to end.

#[path = "support/mod.rs"]
mod support;

#[path = "trust/proof.rs"]
mod proof;
#[path = "trust/proof_paths.rs"]
mod proof_paths;
