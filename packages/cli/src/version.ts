/** The version of @lk/cli (printed by `lk --version`, sent as the client software version). */
export const VERSION = '0.1.0';
