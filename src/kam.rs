//! The built-in key account management (KAM) maturity model.

use std::sync::OnceLock;

use crate::model::Model;

/// The JSON text of the built-in KAM model.
pub const KAM_MODEL_JSON: &str = include_str!("models/kam.json");

/// Returns the built-in key account management maturity model.
///
/// It has five levels (1 Ad Hoc, 2 Awareness, 3 Repeatable, 4 Predictable,
/// 5 Activating) and six dimensions: process, account planning,
/// communication and collaboration, leadership mindset, customer experience,
/// and technology and data. Indicators are rated not in place / partly /
/// largely / fully, or `"n/a"`. A dimension stands at a level when every
/// applicable indicator at that level and below is rated at least
/// `largely`, and the overall level is the lowest dimension level.
///
/// The model is parsed and validated once, on first use.
///
/// # Examples
///
/// ```
/// let model = maturity::kam();
/// assert_eq!(model.name(), "Key Account Management Maturity Model");
/// assert_eq!(model.dimensions().len(), 6);
/// ```
#[must_use]
pub fn kam() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| match Model::from_json_str(KAM_MODEL_JSON) {
        Ok(model) => model,
        // The embedded file is fixed at build time and a test loads it, so
        // this arm is unreachable in a released crate.
        Err(error) => panic!("the built-in KAM model is invalid: {error}"),
    })
}
