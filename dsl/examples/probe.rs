fn main() {
    for line in std::io::stdin().lines().map_while(Result::ok) {
        let text = line.replace("\\n", "\n");
        match ferry_dsl::parse(&text) {
            Ok(m) => println!("OK {:?}", m.body.map(|b| b.kind).map(|k| format!("{k:?}").chars().take(300).collect::<String>())),
            Err(ds) => {
                for d in ds.iter() {
                    println!("{text:?} -> {} {:?} {} | label={:?} help={:?} sec={:?}", d.code, d.span, d.message, d.label, d.help, d.secondary);
                }
            }
        }
    }
}
