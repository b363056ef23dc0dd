//! `apigen inventory --json`.

use crate::specs::{load, Paths};

/// `apigen inventory --json`: every endpoint with its fields, errors and limits.
pub(crate) fn run(paths: &Paths, json: bool) -> Result<(), String> {
    if !json {
        return Err("inventory prints JSON: pass --json".to_owned());
    }
    let (specs, _) = paths.resolve()?;
    let catalog = load(&specs, &paths.limits)?;
    let inventory = apigen::inventory::inventory(&catalog);
    let text = serde_json::to_string_pretty(&inventory).map_err(|e| format!("cannot encode the inventory: {e}"))?;
    println!("{text}");
    Ok(())
}
