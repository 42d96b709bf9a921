//! The ordinances a server offers: every regeling of the folder with its versions, loaded,
//! checked and lowered once, and shared read-only between requests. Evaluation runs on a few
//! worker threads per regeling, each with its own evaluators (an evaluator keeps scratch
//! memory per case, so it is not shared between threads); the async runtime only reads and
//! writes.
//!
//! A regeling is a subfolder of the served folder with `.vo` files (its versions and layers),
//! or a `.vo` file directly in it; its id is the folder's name or the file's stem. A served
//! folder without such subfolders is itself one regeling.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;
use verordening_core::diagnostics::{render_human, Diagnostic};
use verordening_core::eval::load::{Keuze, LoadError, Versions};
use verordening_core::eval::tijd::Ontvangstbewijs;
use verordening_core::eval::{Evaluator, Program};
use verordening_core::project::{expand_paths, Project};
use verordening_core::render::{render, Block, Mode};
use verordening_core::syntax::Layer;

/// One version of a regeling, ready to evaluate and to show.
pub struct Version {
    /// Its document in [`Data::project`].
    pub doc: usize,
    /// A version of the regeling (listed); `false` for a state derived for applications made
    /// before a procedural rule took effect, which is chosen but not listed.
    pub zichtbaar: bool,
    pub program: Program,
    /// The file name, relative to the served folder.
    pub file: String,
    pub layer: Layer,
    pub geldig_vanaf: Option<NaiveDate>,
    pub geldig_tot: Option<NaiveDate>,
    /// The rendered legal text.
    pub blocks: Vec<Block>,
    /// Its receipt without a case's dates: the files it rests on with their sha256, made
    /// once at loading (the files do not change under a loaded version; a change is a
    /// reload), not per request.
    pub bewijs: Ontvangstbewijs,
    /// The parts of its reports that are the same for every case (citations, inputs,
    /// names) as JSON, written once for every answer (`eval::report::ReportParts`).
    pub parts: verordening_core::eval::report::ReportParts,
}

impl Version {
    /// The receipt for a case judged by its peildatum.
    pub fn bewijs_op(&self, peildatum: Option<NaiveDate>) -> Ontvangstbewijs {
        let mut b = self.bewijs.clone();
        b.peildatum = peildatum;
        b.toetsingsdatum = peildatum;
        b
    }

    /// The receipt for a case with these dates, judged as `keuze` says.
    pub fn bewijs_voor(
        &self,
        keuze: &Keuze,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
    ) -> Ontvangstbewijs {
        let mut b = self.bewijs.clone();
        b.peildatum = peildatum;
        b.aanvraagdatum = aanvraagdatum;
        b.toetsingsdatum = keuze.toetsingsdatum;
        b.toetsingsgrond = keuze.toetsingsgrond.to_string();
        b
    }
}

/// What a regeling's workers share: the project (sources, documents) and the versions.
pub struct Data {
    pub id: String,
    pub versions_index: Versions,
    pub versions: Vec<Version>,
}

impl Data {
    pub fn project(&self) -> &Project {
        &self.versions_index.project
    }

    /// The version that governs a case with this peildatum and aanvraagdatum
    /// ([`Versions::kies`]; docs/tijd.md): its position in [`Data::versions`] and why.
    pub fn kies(
        &self,
        peildatum: Option<NaiveDate>,
        aanvraagdatum: Option<NaiveDate>,
    ) -> Result<(usize, Keuze), String> {
        let keuze = self
            .versions_index
            .kies_voorbereid(peildatum, aanvraagdatum)
            .map_err(|e| match e {
                LoadError::Io(m) | LoadError::NoVersion(m) => m,
                LoadError::Invalid(..) => "de regeling bevat fouten".into(),
            })?;
        let i = self
            .versions
            .iter()
            .position(|v| v.doc == keuze.index)
            .ok_or_else(|| "interne fout: versie niet geladen".to_string())?;
        Ok((i, keuze))
    }

    /// The version in force on `date` (the latest without a date): its position in
    /// [`Data::versions`].
    pub fn pick(&self, date: Option<NaiveDate>) -> Result<usize, String> {
        let doc = self.versions_index.pick(date).map_err(|e| match e {
            LoadError::Io(m) | LoadError::NoVersion(m) => m,
            LoadError::Invalid(..) => "de regeling bevat fouten".into(),
        })?;
        self.versions
            .iter()
            .position(|v| v.doc == doc)
            .ok_or_else(|| "interne fout: versie niet geladen".into())
    }

    /// The latest version (the one shown without a peildatum).
    pub fn latest(&self) -> Option<&Version> {
        self.pick(None).ok().and_then(|i| self.versions.get(i))
    }

    pub fn title(&self) -> String {
        self.latest()
            .map(|v| v.program.title.clone())
            .unwrap_or_else(|| self.id.clone())
    }
}

/// A job for a worker: it gets the worker's evaluators, one per version in the order of
/// [`Data::versions`].
pub type Job = Box<dyn FnOnce(&Data, &[Evaluator<'_>]) + Send>;

/// A loaded regeling and the queue of its workers. Dropping it (after a reload) closes the
/// queue; the workers finish the jobs they have and end.
pub struct Regeling {
    pub data: Arc<Data>,
    jobs: Mutex<mpsc::Sender<Job>>,
    /// The files it was loaded from, with their modification times (for reloading).
    pub stamps: Vec<(PathBuf, Option<SystemTime>)>,
}

impl Regeling {
    /// Run `f` on a worker with the regeling's evaluators; `None` if the worker failed (a
    /// panic in `f` is caught there and gives `None` too).
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Data, &[Evaluator<'_>]) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |data, evaluators| {
            let _ = tx.send(f(data, evaluators));
        });
        let sent = match self.jobs.lock() {
            Ok(sender) => sender.send(job).is_ok(),
            Err(_) => false,
        };
        if !sent {
            return None;
        }
        rx.await.ok()
    }
}

/// Start `n` workers for `data`.
fn start_workers(data: &Arc<Data>, n: usize) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    for k in 0..n {
        let data = Arc::clone(data);
        let rx = Arc::clone(&rx);
        let spawned = std::thread::Builder::new()
            .name(format!("beoordeling-{}-{k}", data.id))
            .spawn(move || {
                let evaluators: Vec<Evaluator<'_>> = data
                    .versions
                    .iter()
                    .map(|v| Evaluator::new(&v.program))
                    .collect();
                loop {
                    let job = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A panic in one job fails that request only: its reply channel is
                    // dropped, and the handler answers with a problem document.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        job(&data, &evaluators)
                    }));
                }
            });
        if spawned.is_err() {
            break;
        }
    }
    tx
}

/// Why a regeling could not be loaded: the message and the diagnostics as text.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    pub message: String,
    pub diagnostics: String,
}

fn failure(e: LoadError) -> LoadFailure {
    match e {
        LoadError::Io(m) | LoadError::NoVersion(m) => LoadFailure {
            message: m,
            diagnostics: String::new(),
        },
        LoadError::Invalid(project, diags) => LoadFailure {
            message: "de regeling bevat fouten".into(),
            diagnostics: render_human(&project.sources, &diags, false, 100),
        },
    }
}

/// The files of a regeling with their modification times: those of its folder, and `also`
/// (the layers it stands on, outside the folder, as the last load found them).
pub fn stamps(path: &Path, also: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mut files = expand_paths(&[path.to_path_buf()]).unwrap_or_default();
    for f in also {
        if !files.contains(f) {
            files.push(f.clone());
        }
    }
    files
        .into_iter()
        .map(|f| {
            let t = std::fs::metadata(&f).and_then(|m| m.modified()).ok();
            (f, t)
        })
        .collect()
}

/// The paths of stamped files.
fn paths(stamps: &[(PathBuf, Option<SystemTime>)]) -> Vec<PathBuf> {
    stamps.iter().map(|(p, _)| p.clone()).collect()
}

/// Load, check and lower every version of the regeling at `path`, and every state a case
/// can need because of its aanvraagdatum (a version without the procedural rules that took
/// effect after it; [`Versions::voorbereiden`]), so that a request only chooses.
pub fn load(id: &str, path: &Path, root: &Path, workers: usize) -> Result<Regeling, LoadFailure> {
    let mut index = Versions::open(path).map_err(failure)?;
    let mut versions = Vec::new();
    let candidates: Vec<usize> = index.candidates().to_vec();
    for doc in candidates {
        let keuze = verordening_core::eval::load::Keuze {
            index: doc,
            versie: doc,
            toetsingsdatum: None,
            toetsingsgrond: "peildatum",
            niet_toegepast: Vec::new(),
        };
        versions.push(version(&mut index, &keuze, root, true)?);
    }
    for doc in index.voorbereiden() {
        // The choice that leads to this state gives its receipt the rules left out.
        let keuze = index.keuze_van(doc);
        if let Some(keuze) = keuze {
            versions.push(version(&mut index, &keuze, root, false)?);
        }
    }
    let layers: Vec<PathBuf> = index.project.docs.iter().map(|d| d.path.clone()).collect();
    let stamps = stamps(path, &layers);
    let data = Arc::new(Data {
        id: id.to_string(),
        versions_index: index,
        versions,
    });
    let jobs = start_workers(&data, workers);
    Ok(Regeling {
        data,
        jobs: Mutex::new(jobs),
        stamps,
    })
}

/// One version, lowered, rendered and with its receipt.
fn version(
    index: &mut Versions,
    keuze: &verordening_core::eval::load::Keuze,
    root: &Path,
    zichtbaar: bool,
) -> Result<Version, LoadFailure> {
    let doc = keuze.index;
    let lowered = index.lower(doc).map_err(failure)?;
    let project = &index.project;
    let Some(d) = project.doc(doc) else {
        return Err(LoadFailure {
            message: "interne fout bij het laden".into(),
            diagnostics: String::new(),
        });
    };
    let blocks = render(project, doc, Mode::Tekst).unwrap_or_default();
    let file = d
        .path
        .strip_prefix(root)
        .unwrap_or(&d.path)
        .display()
        .to_string();
    let bewijs = verordening_core::eval::tijd::ontvangstbewijs(index, keuze, None, None, None);
    let parts =
        verordening_core::eval::report::ReportParts::new(&lowered.program, &index.project.sources);
    Ok(Version {
        doc,
        zichtbaar,
        bewijs,
        parts,
        file,
        layer: d.ast.header.layer,
        geldig_vanaf: lowered.program.geldig_vanaf,
        geldig_tot: lowered.program.geldig_tot,
        program: lowered.program,
        blocks,
    })
}

/// The regelingen in a folder: (id, path), by id.
pub fn discover(root: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut found = BTreeMap::new();
    if root.is_file() {
        let id = root
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        found.insert(id, root.to_path_buf());
        return Ok(found);
    }
    // A folder without subfolders of ordinances is one regeling: its files are its versions
    // (as `verordening eval MAP` takes them).
    let has_subfolders = std::fs::read_dir(root)?.filter_map(Result::ok).any(|e| {
        let p = e.path();
        p.is_dir()
            && !e.file_name().to_string_lossy().starts_with('.')
            && expand_paths(std::slice::from_ref(&p)).is_ok_and(|f| !f.is_empty())
    });
    if !has_subfolders {
        let id = root
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "regeling".into());
        found.insert(id, root.to_path_buf());
        return Ok(found);
    }
    for entry in std::fs::read_dir(root)? {
        let path = entry?.path();
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if expand_paths(std::slice::from_ref(&path)).is_ok_and(|f| !f.is_empty()) {
                found.insert(name, path);
            }
        } else if path.extension().is_some_and(|e| e == "vo") {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or(name);
            found.insert(id, path);
        }
    }
    Ok(found)
}

/// The state of one regeling: the version in service, and the failure of the last load if
/// it failed (then the previous good version stays in service).
#[derive(Default)]
pub struct Slot {
    pub current: Option<Arc<Regeling>>,
    pub failure: Option<LoadFailure>,
    /// Modification times of the files of the last attempted load.
    pub attempted: Vec<(PathBuf, Option<SystemTime>)>,
}

/// Every regeling of the served folder.
pub struct Catalog {
    pub root: PathBuf,
    pub workers: usize,
    pub slots: RwLock<BTreeMap<String, Slot>>,
}

impl Catalog {
    /// Load every regeling of `root`, in parallel.
    pub fn open(root: &Path, workers: usize) -> std::io::Result<Catalog> {
        let root = std::fs::canonicalize(root)?;
        let found = discover(&root)?;
        let base = if root.is_file() {
            root.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            root.clone()
        };
        let loaded: Vec<(String, Slot)> = std::thread::scope(|s| {
            let handles: Vec<_> = found
                .iter()
                .map(|(id, path)| {
                    let base = &base;
                    s.spawn(move || {
                        let attempted = stamps(path, &[]);
                        let slot = match load(id, path, base, workers) {
                            Ok(r) => Slot {
                                attempted: r.stamps.clone(),
                                current: Some(Arc::new(r)),
                                failure: None,
                            },
                            Err(f) => Slot {
                                current: None,
                                failure: Some(f),
                                attempted,
                            },
                        };
                        (id.clone(), slot)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        Ok(Catalog {
            root,
            workers,
            slots: RwLock::new(loaded.into_iter().collect()),
        })
    }

    fn base(&self) -> PathBuf {
        if self.root.is_file() {
            self.root
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        } else {
            self.root.clone()
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Regeling>> {
        self.slots
            .read()
            .ok()
            .and_then(|s| s.get(id).and_then(|slot| slot.current.clone()))
    }

    /// The regelingen in service, by id.
    pub fn all(&self) -> Vec<Arc<Regeling>> {
        self.slots
            .read()
            .map(|s| s.values().filter_map(|slot| slot.current.clone()).collect())
            .unwrap_or_default()
    }

    /// Per regeling: its id, whether it is in service, and the failure of its last load.
    pub fn status(&self) -> Vec<(String, bool, Option<LoadFailure>)> {
        self.slots
            .read()
            .map(|s| {
                s.iter()
                    .map(|(id, slot)| (id.clone(), slot.current.is_some(), slot.failure.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Reload every regeling whose files changed since their last load (new regelingen are
    /// loaded too). A reload that fails keeps the version in service and records the
    /// failure. Blocking: run it off the async runtime. Returns the ids reloaded.
    pub fn reload_changed(&self) -> Vec<String> {
        let found = discover(&self.root).unwrap_or_default();
        let mut todo = Vec::new();
        if let Ok(slots) = self.slots.read() {
            for (id, path) in &found {
                let known = slots
                    .get(id)
                    .map(|s| paths(&s.attempted))
                    .unwrap_or_default();
                let now = stamps(path, &known);
                match slots.get(id) {
                    Some(slot) if slot.attempted == now => {}
                    _ => todo.push((id.clone(), path.clone(), now)),
                }
            }
        }
        let base = self.base();
        let mut done = Vec::new();
        for (id, path, now) in todo {
            let result = load(&id, &path, &base, self.workers);
            if let Ok(mut slots) = self.slots.write() {
                let slot = slots.entry(id.clone()).or_default();
                slot.attempted = now;
                match result {
                    Ok(r) => {
                        // The layers the new version stands on are watched from now on.
                        for (p, t) in &r.stamps {
                            if !slot.attempted.iter().any(|(q, _)| q == p) {
                                slot.attempted.push((p.clone(), *t));
                            }
                        }
                        slot.current = Some(Arc::new(r));
                        slot.failure = None;
                    }
                    Err(f) => slot.failure = Some(f),
                }
            }
            done.push(id);
        }
        done
    }
}

/// Whether a diagnostic list has an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.is_error())
}
