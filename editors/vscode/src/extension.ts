// The VS Code extension: starts `verordening lsp` and connects it to the editor. All language
// knowledge (diagnostics, hover, definitions, completion, outline, formatting) is in the
// server; this file only finds the program and reports when it cannot be started.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const config = vscode.workspace.getConfiguration("verordening");
  const command = config.get<string>("server.path")?.trim() || "verordening";
  const extra = config.get<string[]>("server.extraArgs") ?? [];
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return {
    command,
    args: ["lsp", ...extra],
    transport: TransportKind.stdio,
    options: cwd ? { cwd } : undefined,
  };
}

async function start(): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "verordening" },
      { scheme: "untitled", language: "verordening" },
    ],
    synchronize: {
      // A model or wet file changed on disk: open ordinances are checked again.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.vo"),
    },
  };
  client = new LanguageClient(
    "verordening",
    "Verordening",
    serverOptions(),
    clientOptions,
  );
  try {
    await client.start();
  } catch (err) {
    const command = vscode.workspace
      .getConfiguration("verordening")
      .get<string>("server.path");
    client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `De taalserver kon niet worden gestart (\`${command} lsp\`): ${String(err)}. ` +
        "Installeer `verordening` of stel het pad in bij de instelling verordening.server.path.",
      "Instellingen openen",
    );
    if (choice) {
      await vscode.commands.executeCommand(
        "workbench.action.openSettings",
        "verordening.server.path",
      );
    }
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("verordening.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("verordening.server")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
