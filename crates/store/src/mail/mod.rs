//! Outgoing mail: the SMTP server settings ([`settings`]) and the
//! persistent queue the mailer delivers from ([`outbox`]).

pub mod outbox;
pub mod settings;
