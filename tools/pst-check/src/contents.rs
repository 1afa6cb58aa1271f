//! `pst-check --messages <file.pst>`: every message as the crate reads it, one JSON line each,
//! so that tests can compare what Microsoft's reader sees with what was written. Strings are
//! decoded from UTF-16 strictly: an unpaired surrogate is printed as `<invalid UTF-16>`, so a
//! writer that got surrogate pairs wrong cannot pass.

use outlook_pst::{
    ltp::prop_context::PropertyValue,
    messaging::{
        attachment::{Attachment, AttachmentData, UnicodeAttachment},
        folder::Folder,
        message::{Message, UnicodeMessage},
        store::{Store, UnicodeStore},
    },
    ndb::node_id::NodeId,
    UnicodePstFile,
};
use std::{io, rc::Rc};

use crate::json_string;

const SUBJECT: u16 = 0x0037;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_EMAIL: u16 = 0x0C1F;
const BODY: u16 = 0x1000;
const HTML: u16 = 0x1013;
const ATTACH_LONG_FILENAME: u16 = 0x3707;

fn text(value: Option<&PropertyValue>) -> Option<String> {
    match value? {
        PropertyValue::Unicode(value) => Some(
            String::from_utf16(value.buffer()).unwrap_or_else(|_| "<invalid UTF-16>".to_string()),
        ),
        PropertyValue::Binary(value) => Some(String::from_utf8_lossy(value.buffer()).into_owned()),
        _ => None,
    }
}

/// [MS-PST] §2.5.3.1.1.1: a subject that starts with U+0001 carries the prefix length in its
/// second character; the subject shown is what follows those two.
fn subject(value: Option<&PropertyValue>) -> Option<String> {
    let subject = text(value)?;
    Some(match subject.strip_prefix('\u{1}') {
        Some(rest) => rest.chars().skip(1).collect(),
        None => subject,
    })
}

fn field(name: &str, value: Option<String>) -> String {
    format!("\"{name}\":{}", value.map_or("null".to_string(), |v| json_string(&v)))
}

/// FNV-1a, 64 bits: enough to tell whether attachment bytes came back unchanged.
fn fnv1a(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in data {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{hash:016x}")
}

fn describe(message: &dyn Message, attachments: Vec<String>) -> String {
    let properties = message.properties();
    [
        field("subject", subject(properties.get(SUBJECT))),
        field("senderName", text(properties.get(SENDER_NAME))),
        field("senderAddress", text(properties.get(SENDER_EMAIL))),
        field("body", text(properties.get(BODY))),
        field("html", text(properties.get(HTML))),
        format!("\"attachments\":[{}]", attachments.join(",")),
    ]
    .join(",")
}

fn attachment_json(attachment: &UnicodeAttachment) -> String {
    let name = field("name", text(attachment.properties().get(ATTACH_LONG_FILENAME)));
    match attachment.data() {
        Some(AttachmentData::Binary(data)) => format!(
            "{{{name},\"size\":{},\"fnv\":\"{}\"}}",
            data.buffer().len(),
            fnv1a(data.buffer())
        ),
        Some(AttachmentData::Message(embedded)) => {
            let inner = embedded.attachment_table().map_or(0, |t| t.rows_matrix().count());
            // The crate opens attachments of a top-level message only; an embedded message's
            // own attachments are counted from its attachment table.
            let placeholders = vec!["{}".to_string(); inner];
            format!("{{{name},\"message\":{{{}}}}}", describe(embedded.as_ref(), placeholders))
        }
        None => format!("{{{name}}}"),
    }
}

fn walk(store: &Rc<UnicodeStore>, folder: Rc<dyn Folder>, path: &str) -> io::Result<()> {
    let dyn_store: Rc<dyn Store> = store.clone();
    if let Some(contents) = folder.contents_table() {
        for row in contents.rows_matrix() {
            let entry_id = dyn_store.properties().make_entry_id(NodeId::from(u32::from(row.id())))?;
            let message = UnicodeMessage::read(store.clone(), &entry_id, None)?;
            let mut attachments = vec![];
            if let Some(table) = message.attachment_table() {
                for row in table.rows_matrix() {
                    // An attachment the crate cannot open is reported, not fatal, so that one
                    // message does not hide what the crate reads of all the others.
                    let node = NodeId::from(u32::from(row.id()));
                    attachments.push(match UnicodeAttachment::read(message.clone(), node, None) {
                        Ok(attachment) => attachment_json(&attachment),
                        Err(error) => format!("{{{}}}", field("error", Some(error.to_string()))),
                    });
                }
            }
            println!("{{{},{}}}", field("folder", Some(path.to_string())), describe(message.as_ref(), attachments));
        }
    }
    if let Some(hierarchy) = folder.hierarchy_table() {
        for row in hierarchy.rows_matrix() {
            let entry_id = dyn_store.properties().make_entry_id(NodeId::from(u32::from(row.id())))?;
            let child = dyn_store.open_folder(&entry_id)?;
            let name = child.properties().display_name()?;
            let child_path = if path.is_empty() { name } else { format!("{path}/{name}") };
            walk(store, child, &child_path)?;
        }
    }
    Ok(())
}

pub fn print_messages(path: &str) -> io::Result<()> {
    let store = UnicodeStore::read(Rc::new(UnicodePstFile::open(path)?))?;
    let dyn_store: Rc<dyn Store> = store.clone();
    let top = dyn_store.open_folder(&dyn_store.properties().ipm_sub_tree_entry_id()?)?;
    walk(&store, top, "")
}
