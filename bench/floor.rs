//! The floors ug's benchmarks compare against: what the file format alone
//! costs. `floor parse FILE`: one toml_edit parse. `floor edit FILE`: parse,
//! print, write a temporary file, fsync, rename (an edit's unavoidable work).

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: floor parse|edit FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("read");
    match mode.as_str() {
        "parse" => {
            let doc = toml_edit::Document::parse(text.as_str()).expect("parse");
            std::hint::black_box(&doc);
        }
        "edit" => {
            let doc = toml_edit::Document::parse(text.as_str())
                .expect("parse")
                .into_mut();
            let out = doc.to_string();
            let tmp = format!("{path}.floor.tmp");
            let mut f = std::fs::File::create(&tmp).expect("create");
            f.write_all(out.as_bytes()).expect("write");
            f.sync_all().expect("fsync");
            std::fs::rename(&tmp, path).expect("rename");
        }
        _ => {
            eprintln!("usage: floor parse|edit FILE");
            std::process::exit(2);
        }
    }
}
