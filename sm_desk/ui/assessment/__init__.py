"""The self-assessment wizard: "are you sales or marketing?"."""
