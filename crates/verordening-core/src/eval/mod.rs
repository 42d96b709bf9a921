//! Evaluation of an ordinance against case facts: lowering ([`lower`]), the program
//! ([`program`]), evaluation ([`run`]), case files ([`case`]) and reports ([`report`]).

pub mod checked;
pub mod compiled;
pub mod fast;
pub mod fold;
pub mod lijst;
pub mod lower;
pub mod plan;
pub mod precision;
pub mod program;
pub mod run;
pub mod share;
pub mod state;

pub use checked::{check_and_lower, check_document, check_paths, CheckReport, Checked};
pub use lower::{lower, Lowered};
pub use program::Program;
pub use run::{Case, Evaluator, Outcome, Uitkomst};
pub mod batch;
pub mod case;
pub mod casefile;
pub mod compare;
mod fastline;
pub mod jsonreport;
#[cfg(feature = "kolommen")]
pub mod kolommen;
pub mod load;
pub mod rapport;
pub mod report;
pub mod schema;
pub mod testing;
pub mod tijd;
