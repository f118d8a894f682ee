//! What arrives, a mail queued while the server is down, retries and
//! giving up, two mailers on one database, an attachment.

use std::time::Duration;

use pbx_service::Actor;
use pbx_service::mail::{Mail, Recipient, Recording, deliver_due, spawn_mailer, utc_text};
use pbx_testkit::smtp::{SmtpServer, free_port};

use crate::*;

#[tokio::test]
async fn a_queued_mail_arrives_with_its_recipients_subject_and_body() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    for (backend, service, _dir) in backends().await {
        configure_system(&service, server_settings(smtp.port)).await;
        let before = smtp.received().len();
        service
            .queue_mail(Some("ACME"), missed_call("anna@example.com"))
            .await
            .unwrap();
        assert_eq!(
            deliver_due(&service, &fast("m1", 3)).await.unwrap(),
            1,
            "{backend}"
        );
        let received = smtp.wait_for(before + 1, Duration::from_secs(10)).await;
        let mail = &received[before];
        assert_eq!(mail.rcpt_tos, ["anna@example.com"], "{backend}");
        assert_eq!(mail.mail_from, "pbx@example.com");
        assert_eq!(mail.subject, "Missed call from Bob <5551234> on 101");
        assert!(
            mail.body
                .contains("extension 101 of ACME Ltd missed a call"),
            "{}",
            mail.body
        );
        assert!(mail.body.contains("2026-12-02 13:05 UTC"));
        assert_eq!(
            states(&service, Some("ACME")).await,
            [("sent".to_owned(), 1)]
        );
    }
}

#[tokio::test]
async fn a_mail_queued_while_the_server_is_down_is_delivered_when_it_returns() {
    if !pbx_testkit::smtp::available() {
        return;
    }
    for (backend, service, _dir) in backends().await {
        let port = free_port();
        configure_system(&service, server_settings(port)).await;
        let mailer = spawn_mailer(service.clone(), fast(&format!("down-{backend}"), 100));
        service
            .queue_mail(Some("ACME"), missed_call("anna@example.com"))
            .await
            .unwrap();
        // Wait until a second attempt was made: the first one failed.
        let mut waiting = states(&service, Some("ACME")).await;
        for _ in 0..100 {
            if waiting[0].1 >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            waiting = states(&service, Some("ACME")).await;
        }
        assert_eq!(waiting.len(), 1);
        assert!(waiting[0].1 >= 2, "{backend}: retried: {waiting:?}");
        assert_ne!(waiting[0].0, "sent", "{backend}: {waiting:?}");
        assert_ne!(waiting[0].0, "failed", "{backend}: {waiting:?}");
        let smtp = SmtpServer::start_on(port, None).unwrap();
        let received = smtp.wait_for(1, Duration::from_secs(10)).await;
        assert_eq!(received.len(), 1, "{backend}");
        assert_eq!(received[0].rcpt_tos, ["anna@example.com"]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(states(&service, Some("ACME")).await[0].0, "sent");
        assert_eq!(smtp.received().len(), 1, "{backend}: sent once");
        mailer.abort();
    }
}

#[tokio::test]
async fn a_mail_fails_after_its_last_attempt_and_a_retry_delivers_it() {
    if !pbx_testkit::smtp::available() {
        return;
    }
    for (backend, service, _dir) in backends().await {
        let port = free_port();
        configure_system(&service, server_settings(port)).await;
        let config = fast("gives-up", 2);
        let id = service
            .queue_mail(None, missed_call("ops@example.com"))
            .await
            .unwrap();
        deliver_due(&service, &config).await.unwrap();
        tokio::time::sleep(Duration::from_millis(250)).await;
        deliver_due(&service, &config).await.unwrap();
        let queue = service.mail_queue(&Actor::cli(), None).await.unwrap();
        assert_eq!(queue[0].state.as_str(), "failed", "{backend}");
        assert_eq!(queue[0].attempts, 2);
        assert!(
            queue[0]
                .last_error
                .as_deref()
                .unwrap()
                .contains("127.0.0.1"),
            "{:?}",
            queue[0]
        );
        let smtp = SmtpServer::start_on(port, None).unwrap();
        let retried = service.retry_mail(&Actor::cli(), None, id).await.unwrap();
        assert_eq!(retried.state.as_str(), "queued");
        deliver_due(&service, &config).await.unwrap();
        assert_eq!(
            smtp.wait_for(1, Duration::from_secs(10)).await.len(),
            1,
            "{backend}"
        );
        let again = service.retry_mail(&Actor::cli(), None, id).await;
        assert!(again.is_err(), "{backend}: a sent mail is not retried");
    }
}

#[tokio::test]
async fn two_mailers_on_one_database_send_each_mail_once() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let mut expected = 0;
    for (backend, url, _dir) in support::databases().await {
        let one = Service::new(Store::connect_with_key(&url, &key()).await.unwrap());
        let two = Service::new(Store::connect_with_key(&url, &key()).await.unwrap());
        configure_system(&one, server_settings(smtp.port)).await;
        for n in 0..10 {
            one.queue_mail(None, missed_call(&format!("user{n}@example.com")))
                .await
                .unwrap();
        }
        let a = spawn_mailer(one.clone(), fast(&format!("a-{backend}"), 3));
        let b = spawn_mailer(two.clone(), fast(&format!("b-{backend}"), 3));
        expected += 10;
        let received = smtp.wait_for(expected, Duration::from_secs(20)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(smtp.received().len(), expected, "{backend}: each mail once");
        assert_eq!(received.len(), expected);
        a.abort();
        b.abort();
    }
}

#[tokio::test]
async fn a_recording_mail_arrives_with_its_file_attached() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let (_, service, dir) = backends().await.remove(0);
    configure_system(&service, server_settings(smtp.port)).await;
    let file = dir.as_ref().unwrap().path().join("call-42.wav");
    std::fs::write(&file, vec![7u8; 5000]).unwrap();
    let facts = Recording::new("ACME Ltd", "100", "100", "5550100", utc_text(0), 42);
    let mail = Mail::recording(
        Recipient::parse("rec@example.com").unwrap(),
        facts,
        file,
        None,
    )
    .unwrap();
    service.queue_mail(Some("ACME"), mail).await.unwrap();
    deliver_due(&service, &fast("rec", 3)).await.unwrap();
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received[0].attachments.len(), 1);
    assert_eq!(
        received[0].attachments[0].name.as_deref(),
        Some("call-42.wav")
    );
    assert_eq!(received[0].attachments[0].size, 5000);
    assert!(received[0].body.contains("The recording is attached"));
}
