//! The workbench's live check (issue 15): the time from a changed control to the answer of
//! `POST /api/v1/bewerken/controle`, measured in-process (no HTTP) on the VNG model filled in
//! by Voorbeeldstad: the form state is read from the file, one value is changed, and the
//! whole round (the ordinance generated from the form, checked by the same checker as
//! `verordening check` with model conformance, wet bounds, K01–K59 and the
//! verordeningsplicht, the diagnostics mapped to their controls, the text rendered) is timed.
//! Prints the median and the slowest of the runs. Run with `cargo bench --bench werkbank`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use verordening::project::Project;
use verordening::serve::bewerken::{read_entries, sections};
use verordening::serve::catalog::Catalog;
use verordening::serve::{werkbank, App, Limits};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ordinances");
    let file = "voorbeeld/voorbeeldstad-2023.vo";
    let catalog = Arc::new(Catalog::open(&root, 1).unwrap());
    let app = App {
        catalog,
        token: None,
        limits: Limits::default(),
        log: false,
        bewerken: true,
        models: Default::default(),
        write_lock: Default::default(),
    };
    let mut project = Project::new();
    let i = project.load(&root.join(file)).unwrap();
    let secs = sections(&project, i);
    let form = read_entries(&secs, &project.doc(i).unwrap().ast);
    let mut fields: Vec<(String, String)> = vec![("bestand".into(), file.into())];
    for (k, vs) in &form {
        for v in vs {
            fields.push((k.clone(), v.clone()));
        }
    }
    let runs = 30;
    let mut times = Vec::new();
    for n in 0..runs {
        // A change as a jurist makes it: the percentage of artikel 13, second lid.
        let mut f = fields.clone();
        f.retain(|(k, _)| k != "w:art13.lid2.percentage");
        f.push(("w:art13.lid2.percentage".into(), format!("{}", 40 + n % 10)));
        let t = Instant::now();
        let (errors, _, text) = werkbank::check_fields(&app, &f).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(errors, 0);
        assert!(text.contains("art13.lid2.percentage"));
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "werkbank: controle na een wijziging (VNG-model, Voorbeeldstad 2023), {runs} keer: mediaan {:.1} ms, traagste {:.1} ms (eerste keer, met het model nog niet in de cache, meegeteld)",
        times[runs / 2],
        times[runs - 1]
    );
}
