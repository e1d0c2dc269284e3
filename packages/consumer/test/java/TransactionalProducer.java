// A Java transactional KafkaProducer, for lk's read_committed test: writes <transactions>
// transactions of <perTransaction> records to partition 0 and commits the even ones ("c<t>-<i>")
// and aborts the odd ones ("a<t>-<i>"), then prints "done".
// Arguments: bootstrap topic transactionalId transactions perTransaction
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class TransactionalProducer {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("transactional.id", args[2]);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    int transactions = Integer.parseInt(args[3]);
    int perTransaction = Integer.parseInt(args[4]);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      for (int t = 0; t < transactions; t++) {
        boolean commit = t % 2 == 0;
        producer.beginTransaction();
        for (int i = 0; i < perTransaction; i++) {
          producer.send(new ProducerRecord<>(args[1], 0, null, (commit ? "c" : "a") + t + "-" + i));
        }
        producer.flush();
        if (commit) producer.commitTransaction();
        else producer.abortTransaction();
      }
    }
    System.out.println("done");
  }
}
