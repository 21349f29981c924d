//! The theme's fonts (`theme1.xml`, DrawingML `a:fontScheme`): what `minorHAnsi` and `majorHAnsi`
//! stand for.

use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, XmlStream, attr, decode_part};

/// The Latin typefaces of the theme's minor and major fonts (DrawingML `a:minorFont/a:latin`).
pub(super) fn read_theme_fonts(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Option<String>, Option<String>), ReadError> {
    let text = decode_part(bytes, "theme1.xml")?;
    let mut stream = XmlStream::new(&text, "theme1.xml", limits);
    let (mut minor, mut major) = (None, None);
    // Which font list is open (true: the minor one), and its qualified name.
    let mut within: Option<(bool, String)> = None;
    loop {
        match stream.next()? {
            Ev::Start {
                local,
                element,
                empty,
                ..
            } => match local.as_str() {
                // Fills, lines and effects: most of a theme, and nothing about fonts.
                "fmtScheme" | "clrScheme" | "extLst" if !empty => {
                    stream.skip_element_raw(&element)?;
                }
                "minorFont" | "majorFont" if !empty => {
                    within = Some((local == "minorFont", element.name().as_ref().to_string()));
                }
                "latin" => {
                    let Some((is_minor, list)) = &within else {
                        continue;
                    };
                    let slot = if *is_minor { &mut minor } else { &mut major };
                    if slot.is_none() {
                        *slot = attr(&element, "typeface");
                        // Both found: the rest (fonts for other scripts, the object defaults)
                        // says nothing more, and a damaged tail only costs what it always did,
                        // nothing.
                        if minor.is_some() && major.is_some() {
                            return Ok((minor, major));
                        }
                        // The other scripts' fonts of this list (some 30) say nothing either.
                        stream.skip_rest_raw(list)?;
                        within = None;
                    }
                }
                _ => {}
            },
            Ev::End { local } if local == "minorFont" || local == "majorFont" => within = None,
            Ev::Eof => return Ok((minor, major)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme whose font scheme holds `fonts`, between a colour scheme and a format scheme.
    fn theme(fonts: &str) -> String {
        let scripts: String = ["Jpan", "Hang", "Hans", "Hant", "Arab"]
            .iter()
            .map(|s| format!(r#"<a:font script="{s}" typeface="F{s}"/>"#))
            .collect();
        let fonts = fonts.replace("SCRIPTS", &scripts);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText"/></a:dk1></a:clrScheme><a:fontScheme name="Office">{fonts}</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst/></a:fmtScheme></a:themeElements></a:theme>"#
        )
    }

    fn theme_fonts(xml: &str) -> Result<(Option<String>, Option<String>), ReadError> {
        read_theme_fonts(xml.as_bytes(), &Limits::default())
    }

    #[test]
    fn theme_fonts_are_the_latin_faces_of_each_list_in_either_order() {
        let major_first = theme(
            r#"<a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/>SCRIPTS</a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>SCRIPTS</a:minorFont>"#,
        );
        assert_eq!(
            theme_fonts(&major_first).expect("reads"),
            (Some("Calibri".into()), Some("Calibri Light".into()))
        );
        let minor_first = theme(
            r#"<a:minorFont>SCRIPTS<a:latin typeface="Cambria"/>SCRIPTS</a:minorFont><a:majorFont><a:latin typeface="Georgia"/>SCRIPTS</a:majorFont>"#,
        );
        assert_eq!(
            theme_fonts(&minor_first).expect("reads"),
            (Some("Cambria".into()), Some("Georgia".into()))
        );
        // Only the first latin face of a list counts, and a list without one names nothing.
        let one_list = theme(
            r#"<a:majorFont><a:latin typeface="Arial"/><a:latin typeface="Other"/></a:majorFont><a:minorFont>SCRIPTS</a:minorFont>"#,
        );
        assert_eq!(
            theme_fonts(&one_list).expect("reads"),
            (None, Some("Arial".into()))
        );
    }

    #[test]
    fn theme_fonts_stop_at_the_second_face_but_check_what_they_skip() {
        // Past both faces nothing is read: a damaged tail costs nothing.
        let whole = theme(
            r#"<a:majorFont><a:latin typeface="A"/></a:majorFont><a:minorFont><a:latin typeface="B"/>SCRIPTS</a:minorFont>"#,
        );
        let cut = &whole[..whole.find("<a:fmtScheme").expect("format scheme")];
        assert_eq!(
            theme_fonts(cut).expect("reads up to both faces"),
            (Some("B".into()), Some("A".into()))
        );
        // The rest of the first list is skipped unread, but its tags must still match.
        let damaged = theme(
            r#"<a:majorFont><a:latin typeface="A"/><a:font></a:cs></a:majorFont><a:minorFont><a:latin typeface="B"/></a:minorFont>"#,
        );
        assert!(theme_fonts(&damaged).is_err());
    }
}
