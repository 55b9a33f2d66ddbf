// an author's own script
