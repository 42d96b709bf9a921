use std::process::ExitCode;

fn main() -> ExitCode {
    verordening::cli::main()
}
