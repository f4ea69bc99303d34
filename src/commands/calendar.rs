//! `ug calendar` (being written).

use crate::Ctx;
use crate::error::Result;

/// (being written)
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _ctx: &Ctx) -> Result<()> {
    Ok(())
}
