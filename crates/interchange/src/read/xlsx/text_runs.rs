//! The text of a string item (`<si>` of the shared strings, `<is>` of an
//! inline string): its `<t>` runs joined, phonetic runs (`<rPh>`) left out.

use quick_xml::events::Event;

use super::xml::{attribute, push_reference, unescape_excel};
use crate::read::ReadError;
use crate::read::limits::MAX_CELL_BYTES;

/// Gathers the runs of one string item from its events.
#[derive(Default)]
pub struct TextRuns {
    /// The text so far.
    pub text: String,
    run: Option<Run>,
    phonetic: bool,
}

struct Run {
    text: String,
    preserve: bool,
}

impl TextRuns {
    /// Starts a new item.
    pub fn clear(&mut self) {
        self.text.clear();
        self.run = None;
        self.phonetic = false;
    }

    /// Takes one event inside the item. A run longer than a cell may be is
    /// an error.
    pub fn take(&mut self, event: &Event<'_>) -> Result<(), ReadError> {
        match event {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => self.phonetic = true,
            Event::End(e) if e.local_name().as_ref() == "rPh" => self.phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !self.phonetic => {
                let preserve = attribute(e, "space").is_some_and(|v| v == "preserve");
                self.run = Some(Run {
                    text: String::new(),
                    preserve,
                });
            }
            Event::End(e) if e.local_name().as_ref() == "t" => {
                if let Some(run) = self.run.take() {
                    let text = if run.preserve {
                        run.text.as_str()
                    } else {
                        run.text.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    self.text.push_str(&unescape_excel(text));
                }
            }
            Event::Text(t) => {
                if let Some(run) = &mut self.run {
                    run.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(run) = &mut self.run {
                    run.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(run) = &mut self.run {
                    push_reference(r, &mut run.text)?;
                }
            }
            _ => {}
        }
        let run = self.run.as_ref().map_or(0, |r| r.text.len());
        if self.text.len() + run > MAX_CELL_BYTES {
            return Err(crate::read::limits::too_large(
                crate::table::Format::Xlsx,
                "a cell holds more than 32,767 characters",
            ));
        }
        Ok(())
    }
}
