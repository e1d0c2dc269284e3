// Prints, for each hex-encoded key read from stdin, the partition Kafka's Java client picks for it
// under each partition count given as an argument (space-separated, one line per key).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

public class PartitionForKeys {
  public static void main(String[] args) throws Exception {
    int[] counts = new int[args.length];
    for (int i = 0; i < args.length; i++) counts[i] = Integer.parseInt(args[i]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    StringBuilder out = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      byte[] key = HexFormat.of().parseHex(line.trim());
      for (int i = 0; i < counts.length; i++) {
        if (i > 0) out.append(' ');
        out.append(BuiltInPartitioner.partitionForKey(key, counts[i]));
      }
      out.append('\n');
    }
    System.out.print(out);
  }
}
