//! Call Settings: fax, volume, hold music, language, directories, call
//! waiting, auto-answer, parking lot.

use crate::catalogue::{Effect, Kinds};
use crate::values::*;

define_section! {
    /// Call Settings.
    CallSettings, "call", "Call Settings", Page::Extension {
        fax: FaxMode = FaxMode::Off, Kinds::DIALABLE, "Fax and volume",
            "Fax", "T.38 passthrough or fax tone detection.",
            [Effect::Endpoint("t38_udptl"), Effect::Endpoint("fax_detect"), Effect::Peer("faxdetect")];
        tx_volume: Bounded<-10, 10> = Bounded::new(0), Kinds::ALL, "Fax and volume",
            "Transmit volume", "Volume adjustment for audio sent to the extension (-10 to 10).",
            [Effect::Dialplan];
        rx_volume: Bounded<-10, 10> = Bounded::new(0), Kinds::ALL, "Fax and volume",
            "Receive volume", "Volume adjustment for audio received from the extension (-10 to 10).",
            [Effect::Dialplan];
        moh_class: MohClassRef = Ref(None), Kinds::ALL, "Music on hold and language",
            "Music on hold", "Music-on-hold class played to callers this extension holds.",
            [Effect::Endpoint("moh_suggest"), Effect::Peer("mohsuggest"), Effect::Dialplan];
        language: LanguageRef = Ref(None), Kinds::DIALABLE, "Music on hold and language",
            "Language", "Language of prompts played to the extension.",
            [Effect::Endpoint("language"), Effect::Peer("language")];
        in_directory: bool = true, Kinds::ALL, "Directories and phone books",
            "Dial-by-name directory", "List the extension in dial-by-name directories.",
            [Effect::Panel];
        in_phonebook: bool = true, Kinds::ALL, "Directories and phone books",
            "Phone book", "List the extension in generated phone books.",
            [Effect::Panel];
        call_waiting: CallWaiting = CallWaiting::Enabled, Kinds::ALL, "Call waiting and autoanswer",
            "Call waiting", "Whether a second call rings while the extension is on a call.",
            [Effect::Endpoint("device_state_busy_at"), Effect::Peer("busylevel"), Effect::Dialplan];
        auto_answer: AutoAnswer = AutoAnswer::Off, Kinds::DIALABLE, "Call waiting and autoanswer",
            "Autoanswer", "Ask supported phones to answer automatically.",
            [Effect::Dialplan];
        parking_lot: ParkingLotRef = Ref(None), Kinds::VIRTUAL, "Call waiting and parking lot",
            "Parking lot", "Parking lot used by calls of the virtual extension.",
            [Effect::Dialplan];
    }
}
