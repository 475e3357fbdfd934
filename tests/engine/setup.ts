// setupFilesAfterEnv of the jest "engine" project: real engine runs take seconds to minutes.
jest.setTimeout(600_000);
