//! The everyday English (and a few words of other languages) `words`
//! reads: phrases are lowercased, apostrophes plain, contractions made
//! ("i am" is read as "i'm", "cannot" as "can't": see `words::normalize`).

/// Doubt anywhere in a sentence: never an answer.
#[rustfmt::skip]
pub const DOUBT: &[&str] = &[
    "not sure", "unsure", "not certain", "uncertain", "maybe", "perhaps", "might", "may", "may be",
    "probably", "possibly", "likely", "unlikely", "hopefully", "i hope", "hope to", "hoping",
    "i'll try", "try to", "trying to", "will try", "i think", "i guess", "i believe", "i suppose",
    "i reckon", "should be able", "could", "if", "unless", "depends", "depending", "as long as",
    "provided", "assuming", "not yet", "yet", "can't promise", "no promises", "no promise", "tbc",
    "tbd", "to be confirmed", "let you know", "let me check", "let me see", "i'll see", "we'll see",
    "i'll check", "need to check", "have to check", "fingers crossed", "tentative", "tentatively",
    "no idea", "don't know", "dunno", "kind of", "sort of", "almost", "nearly", "mostly", "partly",
    "half", "accidentally", "by mistake", "mistake", "wrong", "how do i", "how can i", "how to",
    "remind me", "wait and see", "confirm later", "get back to you", "let you know later", "can i",
    "do i", "is it", "are you", "would you", "will there", "is there", "what", "when", "where",
    "which", "who", "why", "or not", "either", "whether", "ish", "50/50", "if so", "except", "apart from", "other than", "working on it", "will do", "on it", "otherwise",
    "instead", "rather than", "wondering", "wonder",
];

/// Phrases that look negative or like an answer and are neither: taken out
/// of a sentence before it is read.
#[rustfmt::skip]
pub const NEUTRAL: &[&str] = &[
    "no problem", "no problems", "not a problem", "no worries", "no prob", "no rush", "no hurry",
    "no pressure", "can't wait", "couldn't be happier", "no doubt", "not to worry", "never mind",
    "don't worry", "thanks for not",
];

/// A yes at the start of a sentence ("yes", "sure", "going").
#[rustfmt::skip]
pub const YES_START: &[&str] = &[
    "yes please", "yes", "yep", "yeah", "yea", "yup", "ya", "yas", "yess", "yesss", "sure thing",
    "sure", "absolutely", "definitely", "certainly", "of course", "ofc", "gladly", "with pleasure",
    "count me in", "going", "attending", "ja", "oui", "sí", "si", "jawohl", "deal",
];

/// "I'm in" is a yes only when nothing but these follows it ("I'm in
/// Berlin that week" is not).
pub const IN: &[&str] = &["count me in", "i'm in", "we're in", "in"];

/// What may follow "I'm in".
#[rustfmt::skip]
pub const AFTER_IN: &[&str] = &[
    "", "too", "as well", "again", "for it", "for this", "for this one", "for that",
];

/// A yes anywhere in a sentence.
#[rustfmt::skip]
pub const YES: &[&str] = &[
    "count me in", "count us in", "i'll be there", "we'll be there", "i'll be coming", "i'll come",
    "i'm coming", "we're coming", "we'll come", "i'll attend", "i'm attending", "i'll be attending",
    "we'll be attending", "i'll join", "i'll be joining", "i'm joining", "i'll make it",
    "i can make it", "i can come", "i can attend", "i can join", "i'm going", "i'll go",
    "see you there", "see you then", "see you all there", "see you at the meetup",
    "see you at the event", "see you on tuesday", "see you on wednesday", "see you on thursday",
    "see you on monday", "see you on friday", "see you tuesday", "see you wednesday",
    "see you thursday", "save me a seat", "save me a spot", "save me a place", "save a seat for me",
    "reserve a seat", "reserve me a seat", "sign me up", "put me down", "book me in", "i'd love to",
    "i'll do it", "i can do it", "i can do that", "i'll do that", "i can take it", "i can handle it", "i'll take it", "i'll take it on", "i'll take care of it",
    "i'll handle it", "i'll handle that", "happy to", "glad to", "i accept", "i'd be happy",
    "i'd be glad", "i'm up for it", "works for me", "wouldn't miss it", "won't miss it",
    "not going to miss it", "not gonna miss it", "i'll give the talk", "i'll give it", "i'll be in",
    "rsvp yes", "i'm in too", "yes from me", "a yes from me", "still coming", "i'm still coming",
    "still going", "i'm still going", "still attending", "see you tomorrow", "see you tonight",
];

/// A yes phrase that contains a negation word ("wouldn't miss it").
#[rustfmt::skip]
pub const YES_DESPITE_NEGATION: &[&str] = &[
    "wouldn't miss it", "won't miss it", "not going to miss it", "not gonna miss it",
];

/// A no at the start of a sentence.
#[rustfmt::skip]
pub const NO_START: &[&str] = &[
    "no thanks", "no thank you", "no, sorry", "no sorry", "no", "nope", "nah", "nein", "non",
    "not this time", "not going", "not coming", "not attending", "not today", "count me out",
    "negative",
];

/// Sentences that are a no when they are all there is ("sorry, I can't").
#[rustfmt::skip]
pub const NO_EXACT: &[&str] = &[
    "i can't", "can't", "i can't this time", "i can't then", "i can't that day", "i can't make it",
    "i won't", "i'm out", "i'm out this time", "i'll pass", "pass", "i'll have to pass", "not me",
    "i can't go", "i can't unfortunately", "i can't sorry", "i can't do it", "i'm afraid i can't",
    "afraid not",
];

/// A no anywhere in a sentence.
#[rustfmt::skip]
pub const NO: &[&str] = &[
    "can't make it", "can't come", "can't attend", "can't join", "can't be there", "can't go",
    "won't make it", "won't be able", "won't be there", "won't be coming", "won't come",
    "won't attend", "won't be attending", "won't be joining", "not able to come",
    "not able to make it", "not able to attend", "unable to come", "unable to make it",
    "unable to attend", "unable to join", "not going to make it", "not gonna make it",
    "not make it", "i'm not coming", "i'm not going", "we're not coming", "not attending", "count me out", "count us out",
    "have to cancel", "need to cancel", "must cancel", "going to cancel", "gotta cancel",
    "i'll cancel", "i'm cancelling", "i'm canceling", "please cancel", "cancel my",
    "have to drop out", "need to drop out", "drop out", "dropping out", "have to pass", "i'll pass",
    "i'll have to pass", "have to skip", "i'll skip", "i'm skipping", "i'll sit this one out",
    "sit this one out", "unfortunately not", "not this time", "not this month", "can't do it",
    "can't do that", "can't take it", "can't take this", "can't take that", "won't have time",
    "don't have time", "don't have the time", "no time", "have to decline", "must decline",
    "need to decline", "i decline", "rather not", "no longer coming", "no longer able",
    "no longer make it", "no longer attend", "can't make this one", "can't make the",
    "can't make that", "can't make tuesday", "give my seat", "give my spot", "give my place",
    "release my seat", "release my spot", "free up my", "free my seat", "free my spot",
    "take me off the rsvp", "take me off the guest", "take me off the attendee",
    "remove me from the waitlist", "remove me from the rsvp", "remove me from the guest",
    "remove me from the attendee", "take me off the waitlist", "not be able to",
    "i'm out this time", "won't be around", "can't be around", "won't be in town", "not in town",
    "out of town", "be away", "i'm away", "i'll be away", "i'm travelling", "i'm traveling",
    "i'm sick", "i'm ill", "got sick", "fallen ill", "can't do this one", "can't help",
    "can't commit", "too busy", "i'm busy", "my regrets", "send my regrets", "must decline",
    "won't manage", "can't manage", "i'm out for this one", "out for this one",
];

/// An unsubscribe anywhere in a sentence.
#[rustfmt::skip]
pub const UNSUBSCRIBE: &[&str] = &[
    "unsubscribe", "unsubscribing", "unsub", "opt out", "opt-out", "opt me out",
    "remove me from the list", "remove me from this list", "remove me from your list",
    "remove me from the mailing list", "remove me from this mailing list",
    "remove me from your mailing list", "remove me from the email list",
    "remove me from your email list", "remove me from your emails", "remove me from your mailings",
    "remove me from the group", "remove me from this group", "remove me from the newsletter",
    "take me off the list", "take me off this list", "take me off your list",
    "take me off the mailing list", "take me off your mailing list",
    "take me off this mailing list", "take me off the email list", "take me off your emails",
    "stop sending me", "stop emailing me", "stop mailing me", "stop the emails",
    "stop these emails", "no more emails", "no more mails", "don't email me", "don't send me",
    "leave the list", "leave this list", "leave the mailing list", "remove my email",
    "remove my address", "delete my email", "delete my address", "no longer want to receive",
    "no longer wish to receive", "don't want to receive", "don't want these", "want to be removed",
    "like to be removed", "be removed from", "no longer interested", "not interested anymore",
    "not interested any more",
];

/// Done at the start of a sentence (after "yes," or "ok,").
#[rustfmt::skip]
pub const DONE_START: &[&str] = &[
    "done", "already done", "already booked", "already sorted", "all done", "it's done", "its done", "that's done", "thats done", "this is done",
    "task done", "job done", "done and dusted", "finished", "all finished", "it's finished",
    "completed", "complete", "all complete", "booked", "all booked", "it's booked", "sorted",
    "all sorted", "it's sorted", "sorted out", "taken care of", "it's taken care of",
    "that's taken care of", "all taken care of", "handled", "it's handled", "all set",
    "i've done it", "i did it", "i've done that", "i did that", "i've booked", "i booked",
    "i've sorted", "i sorted", "i've finished", "i finished", "i've taken care of",
    "i took care of", "i've ordered", "i ordered", "ordered", "i've sent", "i sent", "sent",
    "fixed", "erledigt", "fait", "c'est fait", "hecho", "fatto", "klaar", "готово", "сделано",
    "ticked off",
];

/// Done anywhere in a sentence ("the room is booked").
#[rustfmt::skip]
pub const DONE: &[&str] = &[
    "is done", "is booked", "is sorted", "is finished", "are booked", "are done", "are sorted",
    "has been done", "has been booked", "have been booked", "has been sorted", "been taken care of",
    "is taken care of", "is all set", "is ordered", "has been ordered", "have been ordered",
    "is confirmed", "has been confirmed", "is completed", "has been completed", "have done it",
    "have booked", "have sorted", "have finished",
];

/// A done said of the future is not done yet.
#[rustfmt::skip]
pub const NOT_DONE_YET: &[&str] = &[
    "tomorrow", "tonight", "later", "soon", "by", "next week", "will", "'ll", "going to", "should",
    "once", "when", "after", "before", "until", "this week", "this weekend",
];

/// Openings that change nothing ("Hi Maya,", "Thanks!", "Sorry,").
#[rustfmt::skip]
pub const FILLERS: &[&str] = &[
    "oh well", "ah well", "oh", "ah", "aw", "okay", "ok", "oki", "thanks a lot", "thanks so much",
    "thank you so much", "many thanks", "thanks", "thank you", "thx", "i'm so sorry",
    "i'm really sorry", "i'm sorry", "so sorry", "very sorry", "really sorry", "sorry", "apologies",
    "unfortunately", "sadly", "regrettably", "alas", "hmm", "well", "great", "cool", "awesome",
    "perfect", "wonderful", "excellent", "brilliant", "nice", "lovely", "wow", "sounds great",
    "sounds good", "sounds fun", "sounds amazing", "sounds awesome", "sounds interesting",
    "looks great", "looks good", "good news", "bad news", "quick update", "update", "fyi", "btw",
    "oops", "ugh", "argh", "damn", "dang", "hey there", "hi there", "hi all", "hi everyone",
    "hello all", "hello everyone", "dear all", "all", "guys", "folks", "team", "dear organizers",
    "dear organisers",
];

/// Greetings: the words up to a comma after them are a name.
#[rustfmt::skip]
pub const GREETINGS: &[&str] = &[
    "hi", "hey", "hello", "hiya", "dear", "hallo", "bonjour", "salut", "moin", "good morning",
    "good afternoon", "good evening", "morning", "evening",
];
