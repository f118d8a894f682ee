//! Note: administrative classification and free-form notes.

use crate::catalogue::{Effect, Kinds};
use crate::values::{BranchRef, DepartmentRef, LongText, Ref, Token};

define_section! {
    /// Note.
    Note, "note", "Note", Page::Extension {
        branch: BranchRef = Ref(None), Kinds::ALL, "Branch and department",
            "Branch", "Branch the extension belongs to.",
            [Effect::Record];
        department: DepartmentRef = Ref(None), Kinds::ALL, "Branch and department",
            "Department", "Department the extension belongs to.",
            [Effect::Record];
        reference_id: Token = Token::default(), Kinds::ALL, "Reference ID and additional info",
            "Reference ID", "An id in an external system (CRM, HR).",
            [Effect::Record];
        additional_info: LongText = LongText::default(), Kinds::ALL, "Reference ID and additional info",
            "Additional info", "Free-form notes.",
            [Effect::Record];
    }
}
