//! `/tenants/{code}/rates`: the tenant's rate tables (list, create), and one
//! table's page (its rates, edit as CSV text, upload and download CSV,
//! delete). Problems are shown per row and column, nothing is half-saved.

pub(crate) mod list;
pub(crate) mod table;

use pbx_domain::ValidationErrors;

/// One problem as the pages show it: where (`rows[3].prefix`, `name`) and what.
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// The field errors of a refusal, for a page.
fn problems(errors: &ValidationErrors) -> Vec<Problem> {
    errors
        .0
        .iter()
        .map(|e| Problem {
            field: e.field.clone(),
            message: e.message.clone(),
        })
        .collect()
}
