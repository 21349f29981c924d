//! Parses Adobe CMap files: the `ToUnicode` and encoding CMaps of PDF fonts.
//!
//! essaylint's patched copy of adobe-cmap-parser 0.4.1 (see README.md). The public API that
//! pdf-extract uses ([`get_unicode_map`], [`get_byte_mapping`] and their types) is unchanged. The
//! lexer is the same grammar as 0.4.1's, an ordered-choice (PEG) grammar, written with nom
//! instead of pom 1.1: pom formats an error message for every alternative that fails, and a
//! CMap of about 1 KB lexed that way cost about 3.6 million instructions (three of them were a
//! third of essaylint's PDF text worker on a two-page essay).

use std::collections::HashMap;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::combinator::{map, map_res, opt, recognize, success, value as constant};
use nom::multi::{many0, many1};
use nom::sequence::{delimited, pair, preceded, terminated};
use nom::{IResult, Parser};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    LiteralString(Vec<u8>),
    Name(Vec<u8>),
    Number(String),
    Integer(i64),
    Array(Vec<Value>),
    Operator(String),
    Boolean(bool),
    Dictionary(HashMap<String, Value>),
}

/// The input matched no token at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError;

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the CMap has no token that can be read")
    }
}

impl std::error::Error for ParseError {}

type Lexed<'a, O> = IResult<&'a [u8], O>;

/// How deeply arrays, dictionaries and parenthesised strings may nest. Real CMaps nest one or two
/// levels; deeper input ends the lexing there, as any other unreadable token does, instead of
/// overflowing the stack (0.4.1 recursed without a limit).
const MAX_DEPTH: u32 = 64;

fn too_deep(input: &[u8]) -> nom::Err<nom::error::Error<&[u8]>> {
    nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::TooLarge,
    ))
}

fn is_hex_digit(byte: u8) -> bool {
    byte.is_ascii_hexdigit()
}

fn is_oct_digit(byte: u8) -> bool {
    (b'0'..=b'7').contains(&byte)
}

fn is_digit(byte: u8) -> bool {
    byte.is_ascii_digit()
}

/// pom's `multispace`: space, tab, line feed, carriage return.
fn is_multispace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// Two hexadecimal digits, one byte.
fn hex_char(input: &[u8]) -> Lexed<'_, u8> {
    map(take_while_m_n(2, 2, is_hex_digit), |digits: &[u8]| {
        hex_value(digits[0]) << 4 | hex_value(digits[1])
    })
    .parse(input)
}

fn eol(input: &[u8]) -> Lexed<'_, ()> {
    alt((
        constant((), tag(&b"\r\n"[..])),
        constant((), tag(&b"\n"[..])),
        constant((), tag(&b"\r"[..])),
    ))
    .parse(input)
}

/// `%` to the end of the line; the line end is required.
fn comment(input: &[u8]) -> Lexed<'_, ()> {
    constant(
        (),
        (
            tag(&b"%"[..]),
            take_while(|byte| byte != b'\r' && byte != b'\n'),
            eol,
        ),
    )
    .parse(input)
}

fn content_space(input: &[u8]) -> Lexed<'_, ()> {
    constant((), take_while(is_multispace)).parse(input)
}

/// White space inside hexadecimal strings, arrays and dictionaries (also NUL and form feed).
fn space(input: &[u8]) -> Lexed<'_, ()> {
    constant(
        (),
        take_while(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')),
    )
    .parse(input)
}

fn operator(input: &[u8]) -> Lexed<'_, String> {
    map(
        take_while1(|byte: u8| byte.is_ascii_alphabetic() || matches!(byte, b'*' | b'\'' | b'"')),
        // The bytes are ASCII.
        |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned(),
    )
    .parse(input)
}

/// One to three octal digits; a value over 255 is not an octal escape.
fn oct_char(input: &[u8]) -> Lexed<'_, u8> {
    map_res(take_while_m_n(1, 3, is_oct_digit), |digits: &[u8]| {
        let value = digits
            .iter()
            .fold(0u16, |value, digit| value * 8 + u16::from(digit - b'0'));
        u8::try_from(value)
    })
    .parse(input)
}

fn escape_sequence(input: &[u8]) -> Lexed<'_, Vec<u8>> {
    preceded(
        tag(&b"\\"[..]),
        alt((
            constant(vec![b'\\'], tag(&b"\\"[..])),
            constant(vec![b'('], tag(&b"("[..])),
            constant(vec![b')'], tag(&b")"[..])),
            constant(vec![b'\n'], tag(&b"n"[..])),
            constant(vec![b'\r'], tag(&b"r"[..])),
            constant(vec![b'\t'], tag(&b"t"[..])),
            constant(vec![b'\x08'], tag(&b"b"[..])),
            constant(vec![b'\x0C'], tag(&b"f"[..])),
            map(oct_char, |byte| vec![byte]),
            constant(Vec::new(), eol),
            // A backslash before anything else stands for nothing.
            success(Vec::new()),
        )),
    )
    .parse(input)
}

fn string_bytes(input: &[u8]) -> Lexed<'_, Vec<u8>> {
    map(
        take_while1(|byte| !matches!(byte, b'\\' | b'(' | b')')),
        |bytes: &[u8]| bytes.to_vec(),
    )
    .parse(input)
}

/// A parenthesised string inside a literal string, parentheses kept.
fn nested_literal_string(input: &[u8], depth: u32) -> Lexed<'_, Vec<u8>> {
    if depth > MAX_DEPTH {
        return Err(too_deep(input));
    }
    map(
        delimited(
            tag(&b"("[..]),
            many0(alt((string_bytes, escape_sequence, |input| {
                nested_literal_string(input, depth + 1)
            }))),
            tag(&b")"[..]),
        ),
        |segments| {
            let mut bytes = vec![b'('];
            bytes.extend(segments.into_iter().flatten());
            bytes.push(b')');
            bytes
        },
    )
    .parse(input)
}

fn literal_string(input: &[u8], depth: u32) -> Lexed<'_, Vec<u8>> {
    map(
        delimited(
            tag(&b"("[..]),
            many0(alt((string_bytes, escape_sequence, |input| {
                nested_literal_string(input, depth + 1)
            }))),
            tag(&b")"[..]),
        ),
        |segments| segments.concat(),
    )
    .parse(input)
}

fn name(input: &[u8]) -> Lexed<'_, Vec<u8>> {
    preceded(
        tag(&b"/"[..]),
        many0(alt((
            map(
                take_while_m_n(1, 1, |byte: u8| !b" \t\n\r\x0C()<>[]{}/%#".contains(&byte)),
                |byte: &[u8]| byte[0],
            ),
            preceded(tag(&b"#"[..]), hex_char),
        ))),
    )
    .parse(input)
}

fn sign(input: &[u8]) -> Lexed<'_, Option<&[u8]>> {
    opt(take_while_m_n(1, 1, |byte| byte == b'+' || byte == b'-')).parse(input)
}

fn integer(input: &[u8]) -> Lexed<'_, i64> {
    map_res(
        recognize(pair(sign, take_while1(is_digit))),
        |digits: &[u8]| {
            // ASCII sign and digits.
            String::from_utf8_lossy(digits).parse::<i64>()
        },
    )
    .parse(input)
}

/// Reached only where [`integer`] failed: a number with no digit before its point, or an integer
/// too large for an `i64`. As in 0.4.1, digits followed by a point match only the digits.
fn number(input: &[u8]) -> Lexed<'_, String> {
    map(
        recognize(pair(
            sign,
            alt((
                take_while1(is_digit),
                recognize((take_while1(is_digit), tag(&b"."[..]), take_while(is_digit))),
                recognize(pair(tag(&b"."[..]), take_while1(is_digit))),
            )),
        )),
        |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned(),
    )
    .parse(input)
}

/// Dictionaries are not mentioned in the CMap spec but are produced by software like Cairo and
/// Skia and supported by other readers.
fn dictionary(input: &[u8], depth: u32) -> Lexed<'_, HashMap<String, Value>> {
    let entry = pair(terminated(name, space), |input| value(input, depth + 1));
    map(
        delimited(pair(tag(&b"<<"[..]), space), many0(entry), tag(&b">>"[..])),
        |entries| {
            entries
                .into_iter()
                .map(|(key, value)| (String::from_utf8_lossy(&key).into_owned(), value))
                .collect()
        },
    )
    .parse(input)
}

fn hexadecimal_string(input: &[u8]) -> Lexed<'_, Vec<u8>> {
    delimited(
        tag(&b"<"[..]),
        many0(preceded(space, hex_char)),
        pair(space, tag(&b">"[..])),
    )
    .parse(input)
}

fn array(input: &[u8], depth: u32) -> Lexed<'_, Vec<Value>> {
    delimited(
        pair(tag(&b"["[..]), space),
        many0(|input| value(input, depth + 1)),
        tag(&b"]"[..]),
    )
    .parse(input)
}

/// One token and the white space after it. The alternatives are tried in order; the first that
/// matches wins.
fn value(input: &[u8], depth: u32) -> Lexed<'_, Value> {
    if depth > MAX_DEPTH {
        return Err(too_deep(input));
    }
    terminated(
        alt((
            constant(Value::Boolean(true), tag(&b"true"[..])),
            constant(Value::Boolean(false), tag(&b"false"[..])),
            map(integer, Value::Integer),
            map(number, Value::Number),
            map(name, Value::Name),
            map(operator, Value::Operator),
            map(|input| literal_string(input, depth), Value::LiteralString),
            map(|input| dictionary(input, depth), Value::Dictionary),
            map(hexadecimal_string, Value::LiteralString),
            map(|input| array(input, depth), Value::Array),
        )),
        content_space,
    )
    .parse(input)
}

/// Lexes a CMap into its tokens. Lexing stops at the first token that cannot be read, and what
/// was read before it is the result; it fails only when not even one token can be read.
pub fn parse(input: &[u8]) -> Result<Vec<Value>, ParseError> {
    many1(preceded(pair(many0(comment), content_space), |input| {
        value(input, 0)
    }))
    .parse(input)
    .map(|(_, values)| values)
    .map_err(|_| ParseError)
}

fn as_code(str: &[u8]) -> u32 {
    let mut code: u32 = 0;
    for c in str {
        code = (code << 8) | (*c as u32);
    }
    code
}

/// The token at `i`, or the error `message` when the CMap ends or the operator's count runs
/// before its first operand (0.4.1 panicked on both).
fn token<'a>(
    lexed: &'a [Value],
    i: Option<usize>,
    message: &'static str,
) -> Result<&'a Value, &'static str> {
    i.and_then(|i| lexed.get(i)).ok_or(message)
}

fn string_at<'a>(
    lexed: &'a [Value],
    i: usize,
    message: &'static str,
) -> Result<&'a Vec<u8>, &'static str> {
    match token(lexed, Some(i), message)? {
        Value::LiteralString(s) => Ok(s),
        _ => Err(message),
    }
}

fn count_before(lexed: &[Value], i: usize, message: &'static str) -> Result<i64, &'static str> {
    match token(lexed, i.checked_sub(1), message)? {
        Value::Integer(count) => Ok(*count),
        _ => Err(message),
    }
}

/// Return a mapping from character codes to Unicode character sequences expressed in UTF-16BE encoding.
pub fn get_unicode_map(input: &[u8]) -> Result<HashMap<u32, Vec<u8>>, &'static str> {
    let lexed = parse(input).map_err(|_| "failed to parse")?;

    let mut i = 0;
    let mut map = HashMap::new();
    while i < lexed.len() {
        match &lexed[i] {
            Value::Operator(o) if o == "beginbfchar" => {
                let count = count_before(&lexed, i, "beginbfchar exected int")?;
                i += 1;
                for _ in 0..count {
                    let char_code = string_at(&lexed, i, "beginbfchar exected hexstring")?;
                    let uni_code = string_at(&lexed, i + 1, "beginbfchar exected hexstring")?;
                    map.insert(as_code(char_code), uni_code.clone());
                    i += 2;
                }
                i += 1;
            }
            Value::Operator(o) if o == "beginbfrange" => {
                let count = count_before(&lexed, i, "beginbfrange exected int")?;
                i += 1;
                for _ in 0..count {
                    let lower_code =
                        as_code(string_at(&lexed, i, "beginbfrange exected hexstring")?);
                    let upper_code =
                        as_code(string_at(&lexed, i + 1, "beginbfrange exected hexstring")?);
                    match token(&lexed, Some(i + 2), "beginbfrange exected array or literal")? {
                        Value::LiteralString(start) => match start.len() {
                            4 => {
                                let val = as_code(start);
                                for c in lower_code..=upper_code {
                                    let code = val.wrapping_add(c - lower_code);
                                    map.insert(c, code.to_be_bytes().to_vec());
                                }
                            }
                            2 => {
                                let val: u16 = as_code(start) as u16;
                                for c in lower_code..=upper_code {
                                    let code = val.wrapping_add((c - lower_code) as u16);
                                    map.insert(c, code.to_be_bytes().to_vec());
                                }
                            }
                            _ => return Err("bad length of hexstring"),
                        },
                        Value::Array(codes) => {
                            if upper_code.wrapping_sub(lower_code).wrapping_add(1) as usize
                                != codes.len()
                            {
                                return Err("bad length of array");
                            }
                            for (c, code) in (lower_code..=upper_code).zip(codes) {
                                match code {
                                    Value::LiteralString(s) => map.insert(c, s.clone()),
                                    _ => return Err("beginbfrange exected hexstring"),
                                };
                            }
                        }
                        _ => return Err("beginbfrange exected array or literal"),
                    }
                    i += 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(map)
}

fn as_code_range(start_chars: &[u8], end_chars: &[u8]) -> Result<CodeRange, &'static str> {
    if start_chars.len() != end_chars.len() {
        return Err("begincodespacerange bounds of different lengths");
    }
    let width = start_chars.len() as u32 / 2;
    Ok(CodeRange {
        start: as_code(start_chars),
        end: as_code(end_chars),
        width,
    })
}

#[derive(Debug)]
pub struct CodeRange {
    pub width: u32,
    pub start: u32,
    pub end: u32,
}

/// `dst_CID_lo` keeps 0.4.1's name: pdf-extract reads it.
#[allow(non_snake_case)]
#[derive(Debug)]
pub struct CIDRange {
    pub src_code_lo: u32,
    pub src_code_hi: u32,
    pub dst_CID_lo: u32,
}

#[derive(Debug)]
pub struct ByteMapping {
    pub codespace: Vec<CodeRange>,
    pub cid: Vec<CIDRange>,
}

pub fn get_byte_mapping(input: &[u8]) -> Result<ByteMapping, &'static str> {
    let lexed = parse(input).map_err(|_| "failed to parse")?;

    let mut i = 0;
    let mut result = ByteMapping {
        codespace: Vec::new(),
        cid: Vec::new(),
    };
    while i < lexed.len() {
        match &lexed[i] {
            Value::Operator(o) if o == "begincodespacerange" => {
                let count = count_before(&lexed, i, "begincodespacerange exected int")?;
                i += 1;
                for _ in 0..count {
                    let start = string_at(&lexed, i, "begincodespacerange exected hexstring")?;
                    let end = string_at(&lexed, i + 1, "begincodespacerange exected hexstring")?;
                    result.codespace.push(as_code_range(start, end)?);
                    i += 2;
                }
                i += 1;
            }
            Value::Operator(o) if o == "begincidrange" => {
                let count = count_before(&lexed, i, "begincidrange exected int")?;
                i += 1;
                for _ in 0..count {
                    let start = string_at(&lexed, i, "begincidrange exected hexstring")?;
                    let end = string_at(&lexed, i + 1, "begincidrange exected hexstring")?;
                    let offset = match token(&lexed, Some(i + 2), "begincidrange exected int")? {
                        Value::Integer(offset) => *offset,
                        _ => return Err("begincidrange exected int"),
                    };
                    result.cid.push(CIDRange {
                        src_code_lo: as_code(start),
                        src_code_hi: as_code(end),
                        dst_CID_lo: offset as u32,
                    });
                    // Each range is three tokens (0.4.1 stepped by two and so failed on any
                    // CMap with more than one range).
                    i += 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests;
