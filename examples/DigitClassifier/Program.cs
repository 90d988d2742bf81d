using System;

return DigitClassifier.DigitClassifierApp.Run(args, Console.Out, Console.Error);
