"""Read models: folds from the event stream to what users look at. They never write events."""
