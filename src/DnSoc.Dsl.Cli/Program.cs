using System;
using DnSoc.Dsl.Cli;

return SnncApp.Run(args, Console.Out, Console.Error, TerminalInfo.Detect());
