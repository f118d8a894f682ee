//! Call Settings: fax, volume, hold music, language, directories, call
//! waiting, auto-answer, parking lot.

use super::option_values;
use crate::catalogue::{Effect, Kinds};
use crate::values::{
    AutoAnswer, Bounded, CallWaiting, FaxMode, LanguageRef, MohClassRef, ParkingLotRef, Ref,
};

define_section! {
    /// Call Settings.
    CallSettings, "call", "Call Settings", Page::Extension {
        fax: FaxMode = FaxMode::Off, Kinds::DIALABLE, "Fax and volume",
            "Fax", "T.38 passthrough or fax tone detection.",
            [Effect::endpoint("t38_udptl").default("no").value(option_values::t38_udptl),
                Effect::endpoint("fax_detect").default("no").value(option_values::fax_detect),
                Effect::peer("faxdetect").default("no").value(option_values::fax_detect)];
        tx_volume: Bounded<-10, 10> = Bounded::new(0), Kinds::ALL, "Fax and volume",
            "Transmit volume", "Volume adjustment for audio sent to the extension (-10 to 10).",
            [Effect::Dialplan];
        rx_volume: Bounded<-10, 10> = Bounded::new(0), Kinds::ALL, "Fax and volume",
            "Receive volume", "Volume adjustment for audio received from the extension (-10 to 10).",
            [Effect::Dialplan];
        moh_class: MohClassRef = Ref(None), Kinds::ALL, "Music on hold and language",
            "Music on hold", "Music-on-hold class played to callers this extension holds.",
            [Effect::endpoint("moh_suggest").default("default").value(option_values::moh_class),
                Effect::peer("mohsuggest").value(option_values::moh_class), Effect::Dialplan];
        language: LanguageRef = Ref(None), Kinds::DIALABLE, "Music on hold and language",
            "Language", "Language of prompts played to the extension.",
            [Effect::endpoint("language").value(option_values::language),
                Effect::peer("language").value(option_values::language)];
        in_directory: bool = true, Kinds::ALL, "Directories and phone books",
            "Dial-by-name directory", "List the extension in dial-by-name directories.",
            [Effect::Panel];
        in_phonebook: bool = true, Kinds::ALL, "Directories and phone books",
            "Phone book", "List the extension in generated phone books.",
            [Effect::Panel];
        call_waiting: CallWaiting = CallWaiting::Enabled, Kinds::ALL, "Call waiting and autoanswer",
            "Call waiting", "Whether a second call rings while the extension is on a call.",
            [Effect::endpoint("device_state_busy_at").default("0").value(option_values::busy_at_one),
                Effect::peer("callcounter").default("no").value(option_values::call_counter),
                Effect::peer("busylevel").default("0").value(option_values::busy_at_one), Effect::Dialplan];
        auto_answer: AutoAnswer = AutoAnswer::Off, Kinds::DIALABLE, "Call waiting and autoanswer",
            "Autoanswer", "Ask supported phones to answer automatically.",
            [Effect::Dialplan];
        parking_lot: ParkingLotRef = Ref(None), Kinds::VIRTUAL, "Call waiting and parking lot",
            "Parking lot", "Parking lot used by calls of the virtual extension.",
            [Effect::Dialplan];
    }
}
