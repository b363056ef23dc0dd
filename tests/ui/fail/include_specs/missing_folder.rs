mod nowhere {
    apigen_macros::include_specs!("no/such/specs");
}

fn main() {}
