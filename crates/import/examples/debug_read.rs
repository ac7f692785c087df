fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let marked = samverkan_import::furniture::mark(&text);
    let lines = samverkan_import::layout::content_lines(&marked);
    let hs = samverkan_import::reader::items::headings(&lines);
    for h in &hs { println!("H line={} at={} n={:?} t={:?}", h.line, h.at, h.number, h.title); }
    let r = samverkan_import::reader::read(&marked, lines);
    for a in &r.header.attendance { println!("A {:?} {:?} {:?}", a.name, a.status, a.title); }
    println!("body={:?} date={:?} sec={:?} adj={:?}", r.header.body_name, r.header.date, r.header.secretary, r.header.adjusters.iter().map(|a| &a.name).collect::<Vec<_>>());
}
