"""One module per `factlint` command."""
