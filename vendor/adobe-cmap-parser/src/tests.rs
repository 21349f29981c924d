use super::*;
use proptest::prelude::*;

/// The head of the ToUnicode CMap LibreOffice 7 writes for a subset TrueType font.
const LIBREOFFICE_TO_UNICODE: &[u8] = b"/CIDInit/ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo<<
/Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName/Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
4 beginbfchar
<01> <0052>
<07> <0020>
<1C> <00740069>
<3F> <006600660069>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
";

fn lex(input: &str) -> Vec<Value> {
    parse(input.as_bytes()).expect("lexes")
}

fn name(text: &str) -> Value {
    Value::Name(text.as_bytes().to_vec())
}

fn op(text: &str) -> Value {
    Value::Operator(text.to_owned())
}

fn string(bytes: &[u8]) -> Value {
    Value::LiteralString(bytes.to_vec())
}

#[test]
fn a_libreoffice_to_unicode_map() {
    let map = get_unicode_map(LIBREOFFICE_TO_UNICODE).expect("maps");
    let mut entries: Vec<_> = map.into_iter().collect();
    entries.sort();
    assert_eq!(
        entries,
        vec![
            (0x01, vec![0x00, 0x52]),
            (0x07, vec![0x00, 0x20]),
            (0x1C, vec![0x00, 0x74, 0x00, 0x69]),
            (0x3F, vec![0x00, 0x66, 0x00, 0x66, 0x00, 0x69]),
        ]
    );
}

#[test]
fn the_tokens_of_a_cmap_header() {
    let tokens = parse(LIBREOFFICE_TO_UNICODE).expect("lexes");
    let mut registry = HashMap::new();
    registry.insert("Registry".to_owned(), string(b"Adobe"));
    registry.insert("Ordering".to_owned(), string(b"UCS"));
    registry.insert("Supplement".to_owned(), Value::Integer(0));
    assert_eq!(
        tokens[..12],
        [
            name("CIDInit"),
            name("ProcSet"),
            op("findresource"),
            op("begin"),
            Value::Integer(12),
            op("dict"),
            op("begin"),
            op("begincmap"),
            name("CIDSystemInfo"),
            Value::Dictionary(registry),
            op("def"),
            name("CMapName"),
        ]
    );
    assert_eq!(tokens.last(), Some(&op("end")));
}

#[test]
fn ranges_map_consecutive_codes() {
    let cmap =
        "2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<0061> <00660066>]\nendbfrange\n\
                1 beginbfrange <30> <31> <0001F600> endbfrange";
    let map = get_unicode_map(cmap.as_bytes()).expect("maps");
    assert_eq!(map[&0x10], vec![0x00, 0x41]);
    assert_eq!(map[&0x12], vec![0x00, 0x43]);
    assert_eq!(map[&0x20], vec![0x00, 0x61]);
    assert_eq!(map[&0x21], vec![0x00, 0x66, 0x00, 0x66]);
    assert_eq!(map[&0x31], vec![0x00, 0x01, 0xF6, 0x01]);
    assert_eq!(map.len(), 7);
}

#[test]
fn literal_strings_unescape_and_keep_nested_parentheses() {
    assert_eq!(
        lex(r"(a\(b\)c\\ \n\t\101\0 (x (y)) \q\777)"),
        [string(b"a(b)c\\ \n\tA\0 (x (y)) q777")]
    );
    // A backslash at a line end joins the lines.
    assert_eq!(lex("(a\\\r\nb)"), [string(b"ab")]);
}

#[test]
fn names_numbers_and_hex_strings() {
    assert_eq!(
        lex("/A#20B /  -12 +7 .5 -.25 99999999999999999999 < 41 42 > <> true false"),
        [
            name("A B"),
            name(""),
            Value::Integer(-12),
            Value::Integer(7),
            Value::Number(".5".to_owned()),
            Value::Number("-.25".to_owned()),
            Value::Number("99999999999999999999".to_owned()),
            string(b"AB"),
            string(b""),
            Value::Boolean(true),
            Value::Boolean(false),
        ]
    );
}

/// The grammar is 0.4.1's, oddities included: the first alternative that matches wins.
#[test]
fn ordered_choice_as_in_the_original_grammar() {
    // An integer is tried before a number, so a point after digits starts a new token.
    assert_eq!(
        lex("1.5"),
        [Value::Integer(1), Value::Number(".5".to_owned())]
    );
    // `true` is tried before an operator.
    assert_eq!(lex("trueish"), [Value::Boolean(true), op("ish")]);
    // A name stops at a `#` not followed by two hex digits, and the lexing stops there.
    assert_eq!(lex("/a#zz def"), [name("a")]);
}

#[test]
fn comments_are_skipped_only_between_tokens_and_need_a_line_end() {
    assert_eq!(
        lex("%!PS\n% two\r\n1 begin"),
        [Value::Integer(1), op("begin")]
    );
    assert_eq!(lex("1 begin\n% the end"), [Value::Integer(1), op("begin")]);
}

#[test]
fn lexing_stops_at_the_first_unreadable_token() {
    assert_eq!(lex("1 2 } 3"), [Value::Integer(1), Value::Integer(2)]);
    assert_eq!(parse(b"[1 2"), Err(ParseError));
    assert_eq!(parse(b"}"), Err(ParseError));
    assert_eq!(parse(b""), Err(ParseError));
    assert_eq!(get_unicode_map(b"}"), Err("failed to parse"));
}

#[test]
fn deep_nesting_ends_the_lexing_instead_of_the_stack() {
    for open in ["[", "<</a ", "(("] {
        let mut input = b"1 ".to_vec();
        input.extend(open.repeat(100_000).into_bytes());
        assert_eq!(parse(&input), Ok(vec![Value::Integer(1)]), "{open}");
    }
    let nested = format!("{}1{}", "[".repeat(10), "]".repeat(10));
    let mut expected = Value::Integer(1);
    for _ in 0..10 {
        expected = Value::Array(vec![expected]);
    }
    assert_eq!(lex(&nested), [expected]);
}

#[test]
fn malformed_maps_are_errors_not_panics() {
    let cases: [(&str, &str); 6] = [
        (
            "beginbfchar <01> <0041> endbfchar",
            "beginbfchar exected int",
        ),
        (
            "2 beginbfchar <01> <0041> endbfchar",
            "beginbfchar exected hexstring",
        ),
        ("1 beginbfchar <01>", "beginbfchar exected hexstring"),
        (
            "1 beginbfrange <01> <02> <414243> endbfrange",
            "bad length of hexstring",
        ),
        (
            "1 beginbfrange <01> <03> [<0041>] endbfrange",
            "bad length of array",
        ),
        (
            "1 beginbfrange <01> <02> /x endbfrange",
            "beginbfrange exected array or literal",
        ),
    ];
    for (cmap, error) in cases {
        assert_eq!(get_unicode_map(cmap.as_bytes()), Err(error), "{cmap}");
    }
    assert_eq!(
        get_byte_mapping(b"1 begincodespacerange <00> <FFFF> endcodespacerange").err(),
        Some("begincodespacerange bounds of different lengths")
    );
}

#[test]
fn an_encoding_cmap_with_several_cid_ranges() {
    let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                 2 begincidrange <0000> <00FF> 0 <0100> <01FF> 512 endcidrange";
    let mapping = get_byte_mapping(cmap).expect("maps");
    assert_eq!(mapping.codespace.len(), 1);
    assert_eq!(
        (
            mapping.codespace[0].start,
            mapping.codespace[0].end,
            mapping.codespace[0].width
        ),
        (0, 0xFFFF, 1)
    );
    let ranges: Vec<_> = mapping
        .cid
        .iter()
        .map(|range| (range.src_code_lo, range.src_code_hi, range.dst_CID_lo))
        .collect();
    assert_eq!(ranges, [(0, 0xFF, 0), (0x100, 0x1FF, 512)]);
}

/// Tokens that print and lex back to themselves.
fn token() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Value::Integer),
        any::<bool>().prop_map(Value::Boolean),
        "[a-zA-Z][a-zA-Z0-9._-]{0,8}".prop_map(|text| Value::Name(text.into_bytes())),
        "[a-zA-Z*'\"]{1,8}"
            .prop_filter("not a boolean", |text| !text.starts_with("true")
                && !text.starts_with("false"))
            .prop_map(Value::Operator),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Value::LiteralString),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::hash_map("[a-z]{1,4}", inner, 0..3).prop_map(Value::Dictionary),
        ]
    })
}

fn print(value: &Value, out: &mut String) {
    match value {
        Value::Integer(number) => out.push_str(&number.to_string()),
        Value::Boolean(flag) => out.push_str(&flag.to_string()),
        Value::Name(name) => {
            out.push('/');
            for &byte in name {
                out.push(byte as char);
            }
        }
        Value::Operator(text) => out.push_str(text),
        // Strings as hexadecimal, with spaces between some digits.
        Value::LiteralString(bytes) => {
            out.push('<');
            for (index, byte) in bytes.iter().enumerate() {
                if index % 3 == 1 {
                    out.push(' ');
                }
                out.push_str(&format!("{byte:02x}"));
            }
            out.push('>');
        }
        Value::Array(items) => {
            out.push('[');
            for item in items {
                print(item, out);
                out.push(' ');
            }
            out.push(']');
        }
        Value::Dictionary(entries) => {
            out.push_str("<<");
            for (key, item) in entries {
                out.push_str(&format!("/{key} "));
                print(item, out);
                out.push('\n');
            }
            out.push_str(">>");
        }
        Value::Number(text) => out.push_str(text),
    }
}

proptest! {
    #[test]
    fn printed_tokens_lex_back(tokens in proptest::collection::vec(token(), 1..12)) {
        let mut text = String::new();
        for token in &tokens {
            print(token, &mut text);
            text.push_str(" \n");
        }
        prop_assert_eq!(parse(text.as_bytes()), Ok(tokens));
    }

    #[test]
    fn any_bytes_lex_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse(&bytes);
        let _ = get_unicode_map(&bytes);
        let _ = get_byte_mapping(&bytes);
    }
}
