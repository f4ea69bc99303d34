use super::*;

fn keys() -> Keys {
    Keys::from_secrets(&[&[7u8; 32]])
}

#[test]
fn a_token_verifies_for_its_recipient_only() {
    let k = keys();
    let id = k.message_id("announce", "2026-12-08", "Ann@Example.com", "example.org");
    let r = parse(&format!("<{id}>"), "EXAMPLE.org").unwrap();
    assert_eq!(
        (r.kind.as_str(), r.middle.as_str()),
        ("announce", "2026-12-08")
    );
    assert!(k.proves(&r, "ann@example.com"));
    assert!(k.proves(&r, " ANN@example.COM "));
    assert!(!k.proves(&r, "mallory@example.com"));
    // Another key, another kind, another middle: no proof.
    assert!(!Keys::from_secrets(&[&[8u8; 32]]).proves(&r, "ann@example.com"));
    let forged = UgRef {
        kind: "nudge".into(),
        ..r.clone()
    };
    assert!(!k.proves(&forged, "ann@example.com"));
    let forged = UgRef {
        middle: "2026-12-09".into(),
        ..r.clone()
    };
    assert!(!k.proves(&forged, "ann@example.com"));
}

#[test]
fn every_bit_of_a_token_counts() {
    let k = keys();
    let t = k.token("rsvp", "2026-12-08", "ann@example.com");
    assert_eq!(t.len(), TOKEN_LEN);
    assert!(k.verify(&t, "rsvp", "2026-12-08", "ann@example.com"));
    assert!(k.verify(&t.to_uppercase(), "rsvp", "2026-12-08", "ann@example.com"));
    for i in 0..t.len() {
        for bit in 0..5 {
            let v = BASE32.iter().position(|&c| c == t.as_bytes()[i]).unwrap();
            let flipped = char::from(BASE32[v ^ (1 << bit)]);
            let mut off = t.clone();
            off.replace_range(i..=i, &flipped.to_string());
            assert!(
                !k.verify(&off, "rsvp", "2026-12-08", "ann@example.com"),
                "{off}"
            );
        }
    }
    assert!(!k.verify("", "rsvp", "2026-12-08", "ann@example.com"));
    assert!(!k.verify(&t[1..], "rsvp", "2026-12-08", "ann@example.com"));
}

#[test]
fn old_keys_still_verify_but_do_not_sign() {
    let old = Keys::from_secrets(&[&[1u8; 32]]);
    let rotated = Keys::from_secrets(&[&[2u8; 32], &[1u8; 32]]);
    let t = old.token("nudge", "12.2026-11-20", "a@x.org");
    assert!(rotated.verify(&t, "nudge", "12.2026-11-20", "a@x.org"));
    assert_ne!(rotated.token("nudge", "12.2026-11-20", "a@x.org"), t);
}

#[test]
fn mail_sent_before_tokens_is_ugs_but_proves_nothing() {
    let r = parse(
        "announce.2026-12-08.5c0f3b9d2e1a4f67@example.org",
        "example.org",
    )
    .unwrap();
    assert_eq!(r.token, Token::Legacy);
    assert!(!keys().proves(&r, "ann@example.com"));
    assert_eq!(parse("CAF=abc@mail.gmail.com", "example.org"), None);
    assert_eq!(parse("announce.x.123@example.org", "example.org"), None);
    assert_eq!(
        parse("announce.x.5c0f3b9d2e1a4f67@other.org", "example.org"),
        None
    );
}

#[test]
fn tags_in_subjects() {
    let k = keys();
    let tag = k.tag(&Purpose::Rsvp("2026-12-08"), "ann@example.com");
    let subject = format!("Re: RSVP yes 2026-12-08 {tag}");
    assert!(tag_proves(
        &k,
        &subject,
        &Purpose::Rsvp("2026-12-08"),
        "ann@example.com"
    ));
    assert!(!tag_proves(
        &k,
        &subject,
        &Purpose::Rsvp("2026-12-09"),
        "ann@example.com"
    ));
    assert!(!tag_proves(
        &k,
        &subject,
        &Purpose::Unsubscribe,
        "ann@example.com"
    ));
    assert!(!tag_proves(
        &k,
        &subject,
        &Purpose::Rsvp("2026-12-08"),
        "bo@example.com"
    ));
    assert_eq!(untagged(&subject), "Re: RSVP yes 2026-12-08");
    assert_eq!(untagged("unsubscribe"), "unsubscribe");
    assert_eq!(tag_in("RSVP yes [ug:short]"), None);
}

#[test]
fn middles_match_the_files_ids() {
    assert_eq!(clean("jan social!"), "jan.social");
    assert_eq!(clean(&"x".repeat(100)).len(), 64);
    let events = ["2026-12-08", "2026-12-0", "jan social"];
    assert_eq!(find("2026-12-08", events), Some("2026-12-08"));
    assert_eq!(find("2026-12-08.2", events), Some("2026-12-08"));
    assert_eq!(find("jan.social", events), Some("jan social"));
    assert_eq!(find("2027-01-01", events), None);
    assert_eq!(find("12.2026-11-20", ["1", "12", "2"]), Some("12"));
}

#[test]
fn a_verp_return_path_proves_its_recipient_only() {
    let k = keys();
    let verp = k.verp("Bounces@Example.org", "Ann@example.com");
    let (user, domain) = verp.split_once('@').unwrap();
    assert_eq!(domain, "Example.org");
    assert_eq!(user.len(), "Bounces+".len() + TOKEN_LEN, "{verp}");
    assert!(k.verp_proves("bounces@example.org", &verp, "ann@example.com"));
    let angled = format!("<{}>", verp.to_uppercase());
    assert!(k.verp_proves("bounces@example.org", &angled, "ann@example.com"));
    // Another recipient, mailbox, key or token: no proof.
    assert!(!k.verp_proves("bounces@example.org", &verp, "bo@example.com"));
    assert!(!k.verp_proves("other@example.org", &verp, "ann@example.com"));
    assert!(!k.verp_proves("bounces@example.net", &verp, "ann@example.com"));
    let stranger = Keys::from_secrets(&[b"another key of at least 32 characters"]);
    assert!(!stranger.verp_proves("bounces@example.org", &verp, "ann@example.com"));
    let forged = format!("bounces+{}@example.org", "a".repeat(TOKEN_LEN));
    assert!(!k.verp_proves("bounces@example.org", &forged, "ann@example.com"));
    assert!(!k.verp_proves(
        "bounces@example.org",
        "bounces@example.org",
        "ann@example.com"
    ));
}
