"""Every problem of a project, as data, with what was read for the build."""
