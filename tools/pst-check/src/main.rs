//! Opens a PST with Microsoft's own reader (the outlook-pst crate) and walks it the way a mail
//! client would: the store, the named-property map, every folder under the IPM subtree through
//! its hierarchy table, and every message of each contents table, opened with all properties
//! and its recipient and attachment tables. Prints one JSON line; exits 1 on the first error.
//! With `--messages`, prints every message's content instead (see `contents.rs`).

mod contents;

use outlook_pst::{
    messaging::{folder::Folder, store::Store},
    ndb::node_id::NodeId,
};
use std::{process::ExitCode, rc::Rc};

#[derive(Default)]
struct Totals {
    folders: Vec<(String, usize)>,
    messages: usize,
    recipients: usize,
    attachments: usize,
}

fn walk(store: &Rc<dyn Store>, folder: Rc<dyn Folder>, path: &str, totals: &mut Totals) -> std::io::Result<()> {
    let mut count = 0;
    if let Some(contents) = folder.contents_table() {
        for row in contents.rows_matrix() {
            let entry_id = store.properties().make_entry_id(NodeId::from(u32::from(row.id())))?;
            let message = store.open_message(&entry_id, None)?;
            message.properties().message_class()?;
            totals.recipients += message.recipient_table().map_or(0, |t| t.rows_matrix().count());
            totals.attachments += message.attachment_table().map_or(0, |t| t.rows_matrix().count());
            count += 1;
        }
    }
    totals.messages += count;
    totals.folders.push((path.to_string(), count));
    if let Some(hierarchy) = folder.hierarchy_table() {
        for row in hierarchy.rows_matrix() {
            let entry_id = store.properties().make_entry_id(NodeId::from(u32::from(row.id())))?;
            let child = store.open_folder(&entry_id)?;
            let name = child.properties().display_name()?;
            let child_path = if path.is_empty() { name } else { format!("{path}/{name}") };
            walk(store, child, &child_path, totals)?;
        }
    }
    Ok(())
}

pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn check(path: &str) -> std::io::Result<Totals> {
    let store = outlook_pst::open_store(path)?;
    store.named_property_map()?;
    store.properties().display_name()?;
    let top = store.open_folder(&store.properties().ipm_sub_tree_entry_id()?)?;
    store.open_folder(&store.properties().ipm_wastebasket_entry_id()?)?;
    store.open_folder(&store.properties().finder_entry_id()?)?;
    let mut totals = Totals::default();
    walk(&store, top, "", &mut totals)?;
    Ok(totals)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--messages" {
            return match contents::print_messages(path) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("pst-check: {error}");
                    ExitCode::from(1)
                }
            };
        }
    }
    let [path] = args.as_slice() else {
        eprintln!("usage: pst-check [--messages] <file.pst>");
        return ExitCode::from(2);
    };
    match check(&path) {
        Ok(totals) => {
            let folders: Vec<String> = totals
                .folders
                .iter()
                .map(|(name, count)| format!("{{\"path\":{},\"messages\":{count}}}", json_string(name)))
                .collect();
            println!(
                "{{\"messages\":{},\"recipients\":{},\"attachments\":{},\"folders\":[{}]}}",
                totals.messages,
                totals.recipients,
                totals.attachments,
                folders.join(",")
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("pst-check: {error}");
            ExitCode::from(1)
        }
    }
}
