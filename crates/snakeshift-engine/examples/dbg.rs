fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let tree = snakeshift_engine::parse::parse(&text);
    let r = tree.root_node();
    println!("count {}", r.child_count());
    for i in 0..r.child_count() as u32 {
        let ch = r.child(i).unwrap();
        println!(
            "{} {:?} miss={}",
            ch.kind(),
            ch.start_position(),
            ch.is_missing()
        );
    }
    let mut c = r.walk();
    c.goto_first_child();
    loop {
        let n = c.node();
        println!("cursor {} {}", n.kind(), n.is_missing());
        if !c.goto_next_sibling() {
            break;
        }
    }
}
