//! The command line in Dutch: clap's help headings, its own `--help`/`--version` flags and
//! its error messages are English; the users are Dutch municipal legal staff.
//!
//! What clap lets us set is set on the command (template, headings, value names, the help and
//! version flags); the lists of possible values and defaults are written into the help text;
//! errors are formatted by `Dutch`. The one piece clap hardcodes in its usage line,
//! `[OPTIONS]`, is replaced in the rendered usage, which is then fixed with `override_usage`.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};
use std::fmt::Write as _;

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";
const ARGUMENTS: &str = "Argumenten";
const OPTIONS: &str = "Opties";

/// The name of the `help` subcommand, which replaces clap's English one.
pub const HELP: &str = "help";

/// The localised form of a command built by clap's derive, with its subcommands.
pub fn localise(cmd: Command) -> Command {
    let cmd = cmd.subcommand(
        Command::new(HELP)
            .about("Toon de hulp bij een opdracht")
            .arg(
                Arg::new("opdracht")
                    .value_name("OPDRACHT")
                    .help("De opdracht; zonder opdracht het overzicht"),
            ),
    );
    let mut cmd = dress(cmd, true);
    cmd.build();
    let usage = dutch_usage(&mut cmd);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd.override_usage(usage);
    for name in names {
        if let Some(usage) = cmd.find_subcommand_mut(&name).map(dutch_usage) {
            cmd = cmd.mut_subcommand(&name, |s| s.override_usage(usage));
        }
    }
    cmd
}

/// `verordening help [OPDRACHT]`: the help text to print, or the error of an unknown command.
pub fn help_text(cmd: &mut Command, matches: &clap::ArgMatches) -> Result<String, String> {
    // As `--help` does: the long form only where there is more to say.
    let render = |c: &mut Command| {
        if c.get_arguments().any(|a| a.get_long_help().is_some()) {
            c.render_long_help().to_string()
        } else {
            c.render_help().to_string()
        }
    };
    let Some(name) = matches.get_one::<String>("opdracht") else {
        return Ok(render(cmd));
    };
    match cmd.find_subcommand_mut(name) {
        Some(sub) => Ok(render(sub)),
        None => Err(format!(
            "fout: onbekende opdracht '{name}'\n\nMeer uitleg met '--help'.\n"
        )),
    }
}

/// Headings, value lists and the help/version flags, for a command and its subcommands.
fn dress(cmd: Command, root: bool) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(dutch_arg)
        .mut_args(in_written_order());
    let has_long_help = cmd.get_arguments().any(|a| a.get_long_help().is_some());
    let mut help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(OPTIONS)
        .help("Toon deze hulp");
    if has_long_help {
        help = help
            .help("Toon deze hulp (uitgebreider met '--help')")
            .long_help("Toon deze hulp (korter met '-h')");
    }
    cmd = cmd.arg(help);
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help_heading(OPTIONS)
                .help("Toon het versienummer"),
        );
    }
    cmd.mut_subcommands(|s| dress(s, false))
}

/// Arguments under a heading of our own are listed in alphabetical order unless they have a
/// display order: give the positional ones the order in which they are written.
fn in_written_order() -> impl FnMut(Arg) -> Arg {
    let mut next = 0;
    move |arg| {
        if arg.is_positional() {
            next += 1;
            arg.display_order(next)
        } else {
            arg
        }
    }
}

/// A heading in Dutch, and the possible values and the default written out in Dutch (clap
/// writes `Possible values:` and `[default: ...]`).
fn dutch_arg(arg: Arg) -> Arg {
    let arg = match arg.get_help_heading() {
        Some(_) => arg,
        None if arg.is_positional() => arg.help_heading(ARGUMENTS),
        None => arg.help_heading(OPTIONS),
    };
    if !arg.get_action().takes_values() {
        return arg;
    }
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if values.is_empty() || arg.is_hide_possible_values_set() {
        return arg;
    }
    let default = arg
        .get_default_values()
        .first()
        .and_then(|d| d.to_str())
        .map(str::to_string);
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
    let mut short = format!("{help} [{}", names.join(", "));
    let mut long = format!("{help}\n\nMogelijke waarden:");
    for v in &values {
        let _ = match v.get_help() {
            Some(h) => write!(long, "\n- {}: {h}", v.get_name()),
            None => write!(long, "\n- {}", v.get_name()),
        };
    }
    if let Some(d) = &default {
        let _ = write!(short, "; standaard: {d}");
        let _ = write!(long, "\n\n[standaard: {d}]");
    }
    short.push(']');
    arg.help(short)
        .long_help(long)
        .hide_possible_values(true)
        .hide_default_value(true)
}

/// The usage line of a built command, without its English title and with `[OPTIES]`.
fn dutch_usage(cmd: &mut Command) -> String {
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim();
    usage
        .strip_prefix("Usage:")
        .unwrap_or(usage)
        .trim()
        .replace("[OPTIONS]", "[OPTIES]")
}

/// clap's errors in Dutch. Kinds without a Dutch text get a general sentence; the English
/// hints clap adds in `Suggested` (such as how to pass a value that starts with `-`) are left
/// out.
pub struct Dutch;

fn strings(v: Option<&ContextValue>) -> Vec<String> {
    match v {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(s)) => s.clone(),
        _ => Vec::new(),
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn number(v: Option<&ContextValue>) -> Option<isize> {
    match v {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

fn message(error: &Error<Dutch>) -> String {
    let one = |kind| strings(error.get(kind)).into_iter().next();
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let value = one(ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("'{arg}' verwacht een waarde, maar er is geen gegeven")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut m = format!("ongeldige waarde '{value}' voor '{arg}'");
            let valid = strings(error.get(ContextKind::ValidValue));
            if !valid.is_empty() {
                let _ = write!(m, "\n  [mogelijke waarden: {}]", valid.join(", "));
            }
            m
        }
        ErrorKind::InvalidSubcommand => {
            let sub = one(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("onbekende opdracht '{sub}'")
        }
        ErrorKind::UnknownArgument => format!("onverwacht argument '{arg}'"),
        ErrorKind::MissingRequiredArgument => {
            let mut m = "deze verplichte argumenten ontbreken:".to_string();
            for a in strings(error.get(ContextKind::InvalidArg)) {
                let _ = write!(m, "\n  {a}");
            }
            m
        }
        ErrorKind::MissingSubcommand => {
            let valid = strings(error.get(ContextKind::ValidSubcommand));
            format!("er ontbreekt een opdracht; kies uit: {}", valid.join(", "))
        }
        ErrorKind::ArgumentConflict => {
            let prior = strings(error.get(ContextKind::PriorArg));
            if prior.is_empty() || prior == [arg.clone()] {
                format!("'{arg}' mag maar één keer worden gegeven")
            } else {
                format!("'{arg}' kan niet samen met {}", quoted(&prior))
            }
        }
        ErrorKind::NoEquals => format!("schrijf '{arg}=WAARDE', met een isgelijkteken"),
        ErrorKind::TooManyValues => {
            format!("onverwachte waarde '{value}' voor '{arg}': er horen geen waarden meer bij")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let want = number(error.get(ContextKind::MinValues))
                .or_else(|| number(error.get(ContextKind::ExpectedNumValues)));
            let got = number(error.get(ContextKind::ActualNumValues));
            match (want, got) {
                (Some(w), Some(g)) => format!("'{arg}' verwacht {w} waarden, maar kreeg er {g}"),
                _ => format!("'{arg}' kreeg een verkeerd aantal waarden"),
            }
        }
        ErrorKind::InvalidUtf8 => "een argument is geen geldige UTF-8-tekst".into(),
        _ => "de opdracht kan zo niet worden uitgevoerd".into(),
    }
}

impl ErrorFormatter for Dutch {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let mut text = format!("fout: {}", message(error));
        let suggested: Vec<String> = [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ]
        .into_iter()
        .flat_map(|k| strings(error.get(k)))
        .collect();
        if !suggested.is_empty() {
            let _ = write!(
                text,
                "\n\n  tip: bedoelde u {}?",
                quoted(&suggested).replace(", ", " of ")
            );
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.trim();
            let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
            let _ = write!(
                text,
                "\n\nGebruik: {}",
                usage.replace("[OPTIONS]", "[OPTIES]")
            );
        }
        text.push_str("\n\nMeer uitleg met '--help'.\n");
        let mut styled = StyledStr::new();
        styled.push_str(&text);
        styled
    }
}
