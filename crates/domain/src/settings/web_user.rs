//! Web User Panel and Switchboard: the extension user's own web access.

use crate::catalogue::{Effect, Kinds};
use crate::values::{Bounded, Email, IpList, Ref, Token, UserProfileRef, WebPassword};

define_section! {
    /// Web User Panel and Switchboard.
    WebUser, "web_user", "Web User Panel and Switchboard", Page::Extension {
        user_panel: bool = false, Kinds::ALL, "Access toggles",
            "User panel", "Let the extension user sign in to the web user panel.",
            [Effect::Panel];
        web_phone: bool = false, Kinds::PHONE, "Access toggles",
            "Web phone", "Allow the browser-based phone.",
            [Effect::Panel];
        switchboard: bool = false, Kinds::PHONE, "Access toggles",
            "Switchboard", "Allow the operator switchboard.",
            [Effect::Panel];
        custom_app: bool = false, Kinds::PHONE, "Access toggles",
            "Custom user application", "Allow the tenant's custom user application.",
            [Effect::Panel];
        web_user: Token = Token::default(), Kinds::ALL, "Web user and password",
            "Web user", "Login name for the user panel (empty: the endpoint username).",
            [Effect::Panel];
        web_password: WebPassword = WebPassword::default(), Kinds::ALL, "Web user and password",
            "Web password", "Password for the user panel; stored only as an argon2id hash.",
            [Effect::Panel];
        web_password_expiry_days: Bounded<0, 3650> = Bounded::new(0), Kinds::ALL, "Password policy and 2FA",
            "Password expiry (days)", "Days after which the web password must be changed (0: never).",
            [Effect::Panel];
        web_force_password_change: bool = false, Kinds::ALL, "Password policy and 2FA",
            "Force password change", "Ask for a new password at next sign-in.",
            [Effect::Panel];
        web_locked: bool = false, Kinds::ALL, "Password policy and 2FA",
            "Locked", "Refuse sign-ins to the user panel.",
            [Effect::Panel];
        web_ldap: bool = false, Kinds::ALL, "Password policy and 2FA",
            "LDAP authentication", "Check the web password against the tenant's LDAP directory.",
            [Effect::Panel];
        web_two_factor: bool = false, Kinds::ALL, "Password policy and 2FA",
            "Two-factor authentication", "Require a TOTP code at sign-in.",
            [Effect::Panel];
        user_email: Email = Email::default(), Kinds::ALL, "Email, profile, and IP filter",
            "User email", "Where notifications and account information are sent.",
            [Effect::Panel];
        send_account_info: bool = false, Kinds::PHONE, "Email, profile, and IP filter",
            "Send account information", "Each save with this on mails the user email the phone (SIP) account with its password, the user-panel login name and, when the tenant offers fast provisioning, a 24-hour provisioning link. Nothing is sent without a user email (the save still succeeds) or when the administrator saving lacks the show_passwords permission; the mail server is the tenant's or the system's (Mail settings).",
            [Effect::Panel];
        user_profile: UserProfileRef = Ref(None), Kinds::ALL, "Email, profile, and IP filter",
            "User profile", "Permissions profile of the web user.",
            [Effect::Panel];
        web_ip_filter: IpList = IpList::default(), Kinds::PHONE, "Email, profile, and IP filter",
            "Web IP filter", "Networks the web user may sign in from (empty: any).",
            [Effect::Panel];
    }
}
