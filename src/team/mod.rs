//! Groups of assessments: the consensus of several assessors on one
//! subject, the roll-up of many subjects, and batch classification.

mod batch;
mod cohort;
mod consensus;
mod share;

pub use batch::classify_batch;
pub use cohort::{DimensionRollUp, LevelCount, LevelFigures, LevelRef, RollUp};
pub use consensus::{AssessorRating, Consensus, ConsensusPolicy, DimensionAgreement, Disagreement};
pub use share::Share;
