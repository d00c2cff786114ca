"""One module per stage of the stage rail."""
