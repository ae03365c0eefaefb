// `nest start` entry point; the CLI does the work.
import './cli';
