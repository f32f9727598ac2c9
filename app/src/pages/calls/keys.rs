//! The call screen's keyboard shortcuts: 1–9 give the step's answers, letters on the home
//! row open the shared (objection) steps, `B` or Backspace goes back, `K` or `?` opens the
//! linked article, `N` goes to the notes, Escape closes the article or leaves an objection
//! step that was only looked at. Nothing fires while the member types in a field (Escape there
//! leaves the field) or holds Ctrl, Alt or Meta. Pure, tested natively.

/// Keys of the shared steps, in the graph's order (none of them is used by anything else).
pub const SHARED_KEYS: [char; 17] = [
    'A', 'S', 'D', 'F', 'G', 'H', 'J', 'L', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O',
];

/// The back key, as shown.
pub const BACK_KEY: char = 'B';
/// The article key, as shown.
pub const ARTICLE_KEY: char = 'K';
/// The notes key, as shown.
pub const NOTES_KEY: char = 'N';

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The answer at this index of the step shown (key 1 is 0).
    Answer(u32),
    /// The shared step at this index of the shared steps.
    Shared(usize),
    /// Back.
    Back,
    /// Open (or close) the linked article.
    Article,
    /// Go to the notes field.
    Notes,
    /// Close the article, or leave a shared step only looked at; in a field, leave the field.
    Escape,
}

/// A key press as the browser reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Press<'a> {
    /// `KeyboardEvent.key` ("1", "a", "Escape", "?", "Process" during IME composition).
    pub key: &'a str,
    /// `KeyboardEvent.code`, the physical key ("Digit1", "KeyA", "Numpad1").
    pub code: &'a str,
    /// Ctrl, Alt or Meta held.
    pub modified: bool,
    /// Shift held.
    pub shift: bool,
    /// The focus is in a text field, a select or an editable element.
    pub typing: bool,
    /// The event is a repeat from a held key.
    pub repeat: bool,
}

/// The letter or digit of a physical key ("KeyA" → 'A', "Digit1" / "Numpad1" → '1').
fn physical(code: &str) -> Option<char> {
    let rest = code
        .strip_prefix("Key")
        .or_else(|| code.strip_prefix("Digit"))
        .or_else(|| code.strip_prefix("Numpad"))?;
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase()),
        _ => None,
    }
}

/// What `press` asks for, if anything.
pub fn action(press: Press<'_>) -> Option<Action> {
    if press.key == "Escape" {
        return Some(Action::Escape);
    }
    if press.typing || press.modified || press.repeat {
        return None;
    }
    if press.key == "?" {
        return Some(Action::Article);
    }
    if press.key == "Backspace" {
        return Some(Action::Back);
    }
    if press.shift {
        return None;
    }
    let c = physical(press.code).or_else(|| {
        let mut chars = press.key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase()),
            _ => None,
        }
    })?;
    match c {
        '1'..='9' => Some(Action::Answer(c as u32 - '1' as u32)),
        BACK_KEY => Some(Action::Back),
        ARTICLE_KEY => Some(Action::Article),
        NOTES_KEY => Some(Action::Notes),
        _ => SHARED_KEYS.iter().position(|k| *k == c).map(Action::Shared),
    }
}

/// The key of the answer at `index`, as shown ("1"–"9").
pub fn answer_key(index: usize) -> Option<char> {
    (index < 9).then(|| char::from(b'1' + index as u8))
}

/// The key of the shared step at `index`, as shown.
pub fn shared_key(index: usize) -> Option<char> {
    SHARED_KEYS.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(key: &'a str, code: &'a str) -> Press<'a> {
        Press {
            key,
            code,
            ..Press::default()
        }
    }

    #[test]
    fn digits_give_answers() {
        assert_eq!(action(key("1", "Digit1")), Some(Action::Answer(0)));
        assert_eq!(action(key("9", "Digit9")), Some(Action::Answer(8)));
        assert_eq!(action(key("3", "Numpad3")), Some(Action::Answer(2)));
        assert_eq!(action(key("0", "Digit0")), None);
        // A Japanese input method reports "Process"; the physical key still counts.
        assert_eq!(action(key("Process", "Digit2")), Some(Action::Answer(1)));
    }

    #[test]
    fn letters_open_objections_and_commands() {
        assert_eq!(action(key("a", "KeyA")), Some(Action::Shared(0)));
        assert_eq!(action(key("s", "KeyS")), Some(Action::Shared(1)));
        assert_eq!(action(key("b", "KeyB")), Some(Action::Back));
        assert_eq!(action(key("Backspace", "Backspace")), Some(Action::Back));
        assert_eq!(action(key("k", "KeyK")), Some(Action::Article));
        assert_eq!(action(key("?", "Slash")), Some(Action::Article));
        assert_eq!(action(key("n", "KeyN")), Some(Action::Notes));
        assert_eq!(action(key("Escape", "Escape")), Some(Action::Escape));
        assert_eq!(action(key("z", "KeyZ")), None);
        assert_eq!(action(key("Enter", "Enter")), None);
        assert_eq!(action(key(" ", "Space")), None);
    }

    #[test]
    fn no_key_clashes() {
        let mut all: Vec<char> = SHARED_KEYS.to_vec();
        all.extend([BACK_KEY, ARTICLE_KEY, NOTES_KEY]);
        all.extend((0..9).filter_map(answer_key));
        let mut sorted = all.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len(), "{all:?}");
        for (i, k) in SHARED_KEYS.iter().enumerate() {
            let (letter, code) = (k.to_lowercase().to_string(), format!("Key{k}"));
            assert_eq!(action(key(&letter, &code)), Some(Action::Shared(i)));
        }
    }

    #[test]
    fn typing_and_modifiers_are_left_alone() {
        let typing = Press {
            typing: true,
            ..key("1", "Digit1")
        };
        assert_eq!(action(typing), None);
        let typing_b = Press {
            typing: true,
            ..key("Backspace", "Backspace")
        };
        assert_eq!(action(typing_b), None);
        // Escape leaves the field.
        let typing_esc = Press {
            typing: true,
            ..key("Escape", "Escape")
        };
        assert_eq!(action(typing_esc), Some(Action::Escape));
        let ctrl = Press {
            modified: true,
            ..key("r", "KeyR")
        };
        assert_eq!(action(ctrl), None);
        let shifted = Press {
            shift: true,
            ..key("A", "KeyA")
        };
        assert_eq!(action(shifted), None);
        let held = Press {
            repeat: true,
            ..key("1", "Digit1")
        };
        assert_eq!(action(held), None);
    }

    #[test]
    fn shown_keys() {
        assert_eq!(answer_key(0), Some('1'));
        assert_eq!(answer_key(8), Some('9'));
        assert_eq!(answer_key(9), None);
        assert_eq!(shared_key(0), Some('A'));
        assert_eq!(shared_key(SHARED_KEYS.len()), None);
    }
}
