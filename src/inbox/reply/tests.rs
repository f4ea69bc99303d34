//! The reading's unit cases; the corpus of whole replies is
//! `tests/replies.rs` (tests/fixtures/replies/).

use super::*;

#[test]
fn cuts_at_each_clients_quote() {
    let cases = [
        "Yes!\n\nOn Tue, Nov 24, 2026 at 10:15 AM Rust Berlin <organizers@example.org> wrote:\n> Reply yes",
        "Yes!\n\nOn Tue, Nov 24, 2026 at 10:15 AM Rust Berlin <\norganizers@example.org> wrote:\n\n> x",
        "Yes!\n\nAm Di., 24. Nov. 2026 um 10:15 Uhr schrieb Rust Berlin <organizers@example.org>:\n> x",
        "Yes!\n\nLe mar. 24 nov. 2026 à 10:15, Rust Berlin <organizers@example.org> a écrit :\n> x",
        "Yes!\n\n-----Original Message-----\nFrom: Rust Berlin",
        "Yes!\n\n________________________________\nFrom: Rust Berlin <organizers@example.org>\nSent: Tuesday",
        "Yes!\n\nFrom: Rust Berlin <organizers@example.org>\nSent: Tuesday, November 24, 2026 10:15 AM",
        "Yes!\n-- \nAnn, sent from my phone",
        "Yes!\n\nOn 24/11/2026 10:15, Rust Lakeside wrote:\n> x",
        "Yes!\n\n-----Ursprüngliche Nachricht-----\nVon: Rust Lakeside",
        "Yes!\n\nVon: Rust Lakeside <organizers@example.org>\nGesendet: Dienstag, 24. November 2026 09:00",
        "Yes!\n\nDe : Rust Lakeside <organizers@example.org>\nEnvoyé : mardi 24 novembre 2026 09:00",
        "Yes!\n\n-----Message d'origine-----\nDe : Rust Lakeside",
        "Yes!\n\nEl mar, 24 nov 2026 a las 9:00, Rust Lakeside (<organizers@example.org>) escribió:\n> x",
        "On Tue, Nov 24, 2026 at 10:15 AM Rust Berlin <organizers@example.org> wrote:\n> Reply yes\n> to save a seat\n\nYes!",
        "Yes!\n\nSent from my iPhone\n\n> On 24 Nov 2026, at 10:15, Rust <organizers@example.org> wrote:\n> x",
        "Yes!\n\nВторник, 24 ноября 2026, 10:15 +03:00 от Rust <organizers@example.org>:\n> x",
        "Yes!\n\n24.11.2026, 10:15, \"Rust\" <organizers@example.org>:\n> x",
        "Yes!\n\n---------- Forwarded message ---------\nFrom: Rust <organizers@example.org>\nx",
    ];
    for c in cases {
        assert_eq!(own_words(c), "Yes!", "{c}");
    }
}

#[test]
fn a_dated_line_without_a_quote_is_the_persons() {
    let text = "Yes! Arriving 18:30, call me on ann@example.com:\nsee you";
    assert_eq!(own_words(text), text);
}

#[test]
fn html_quotes_are_cut_before_the_text_is_read() {
    let cases = [
        "<div dir=\"ltr\">Yes!</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Tue wrote:</div><blockquote>Reply yes or no</blockquote></div>",
        "<div>Yes!</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> Rust<br>no</div>",
        "<p>Yes!</p><hr style=\"x\"><p><b>From:</b> Rust <br><b>Sent:</b> Tue</p><p>Reply no</p>",
        "<div class=\"moz-cite-prefix\">On 24/11/2026 Rust wrote:<br></div><blockquote type=\"cite\">Reply no</blockquote><p>Yes!</p>",
        "<div>Yes!</div><div class=\"yahoo_quoted\"><div>On Tuesday, Rust wrote:</div><div>Reply no</div></div>",
        "<div>Yes!<div><br><blockquote type=\"cite\"><div>Reply <blockquote>no</blockquote> now</div></blockquote></div></div>",
    ];
    for c in cases {
        let words = own_words(&html::own_html_text(c));
        assert_eq!(words.trim(), "Yes!", "{c}");
    }
}

#[test]
fn reads_yes_and_no() {
    let yes = |g| Some(Answer::Yes { guests: g });
    let no = Some(Answer::No);
    let cases = [
        ("yes", yes(0)),
        ("Yes!", yes(0)),
        ("y", yes(0)),
        ("Going :)", yes(0)),
        ("Count me in!", yes(0)),
        ("+1", yes(0)),
        ("yes +1", yes(1)),
        ("Yes, with 2 guests", yes(2)),
        ("yes, plus one", yes(1)),
        ("Yes, with a friend", yes(1)),
        ("Yes! I'll bring a friend.", yes(1)),
        ("I'll be there", yes(0)),
        ("Sounds great, I'm coming", yes(0)),
        ("Sure, I'll do it", yes(0)),
        ("no", no),
        ("N", no),
        ("Sorry, can’t make it this time", no),
        ("can't make it", no),
        ("Not going, sorry", no),
        ("Sorry, I can't.", no),
        ("Unfortunately not this time.", no),
        (
            "Sorry, something came up at work - I can't make it after all.",
            no,
        ),
        ("I have to cancel", no),
        ("I'd love to, but I can't", no),
        ("Hi Maya,\n\nyes, see you there", yes(0)),
        ("No problem, I'll ask Maya", None),
        ("no worries!", None),
        ("Is there parking near the venue?", None),
        ("nobody told me", None),
        ("yesterday was great", None),
        ("not sure", None),
        ("maybe", None),
        ("I might", None),
        ("probably", None),
        ("hopefully!", None),
        ("I'll try", None),
        ("yes if I finish work in time", None),
        ("Is it still on?", None),
        ("I'm in Berlin that week", None),
        ("Yes. No.", None),
        ("No, I'll be there", None),
    ];
    for (text, want) in cases {
        assert_eq!(answer(text), want, "{text}");
    }
}

#[test]
fn reads_done_and_unsubscribe() {
    for t in [
        "done",
        "Done!",
        "all done",
        "it's done",
        "finished",
        "booked",
        "Sorted.",
        "taken care of",
        "Yes, done",
    ] {
        assert!(says_done(t), "{t}");
    }
    for t in [
        "not done",
        "almost done",
        "will be done tomorrow",
        "not done yet",
        "done?",
    ] {
        assert!(!says_done(t), "{t}");
    }
    for t in [
        "unsubscribe",
        "Unsubscribe me please",
        "Please remove me from this list.",
        "please take me off your mailing list, thanks",
    ] {
        assert!(says_unsubscribe(t), "{t}");
    }
    for t in [
        "don't unsubscribe me",
        "How do I unsubscribe?",
        "remove me from the waitlist",
    ] {
        assert!(!says_unsubscribe(t), "{t}");
    }
}

#[test]
fn a_quote_nested_thousands_deep_is_cut_whole() {
    let depth = 10_000;
    let html = format!(
        "<div>Yes!</div>{}Reply yes to save a seat.{}<div>See you there</div>",
        "<blockquote><div>".repeat(depth),
        "</div></blockquote>".repeat(depth)
    );
    assert!(html.len() < HTML_READ, "all of it is read");
    let text = html::own_html_text(&html);
    assert!(!text.contains("Reply yes"), "{text}");
    assert_eq!(own_words(&text), "Yes!\n\nSee you there");
}

#[test]
fn words_past_what_is_read_wait_for_a_person() {
    // Bottom-posted below a quote that fills what is read: not read.
    let quote = "> Reply yes to save a seat.\n".repeat(TEXT_READ / 20);
    assert!(quote.len() > TEXT_READ);
    assert_eq!(answer(&own_words(&format!("{quote}\nYes!"))), None);
    // The same below a short quote is read.
    let short = "> Reply yes to save a seat.\n".repeat(20);
    assert_eq!(
        answer(&own_words(&format!("{short}\nYes!"))),
        Some(Answer::Yes { guests: 0 })
    );
}

#[test]
fn a_letter_of_many_sentences_is_for_a_person() {
    let yes = "Yes. ".repeat(words::MOST_SENTENCES);
    assert_eq!(answer(&yes), Some(Answer::Yes { guests: 0 }));
    assert_eq!(answer(&format!("{yes} Yes.")), None);
}

#[test]
fn phrases_are_found_as_whole_words_in_short_and_long_text() {
    let long = format!("{} see you there", "so ".repeat(200));
    for text in ["See you there!", "ok, see you there", long.as_str()] {
        assert_eq!(answer(text), Some(Answer::Yes { guests: 0 }), "{text}");
    }
    // "no" inside a word is no "no"; accents before and after do not
    // break the scan.
    assert_eq!(answer("nobody told me"), None);
    assert_eq!(
        answer("Café: yes, I'll be there ✓"),
        Some(Answer::Yes { guests: 0 })
    );
}
