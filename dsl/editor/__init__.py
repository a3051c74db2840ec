"""The editor: the live document, hover, completion, the language server and the browser editor."""
