// A Java KafkaConsumer in a group, for lk's interoperability tests: prints each record it reads as
// "R <partition> <offset> <value>" and each assignment as "A <partitions>", commits after every poll
// and before partitions are revoked, and stops after idling <idleMs> once records were seen, or
// after <maxMs> in all.
// Arguments: bootstrap topic groupId groupProtocol(classic|consumer) assignor idleMs maxMs
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class GroupConsumer {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("group.id", args[2]);
    props.put("group.protocol", args[3]);
    if (args[3].equals("classic")) {
      props.put("partition.assignment.strategy", args[4].equals("range")
          ? "org.apache.kafka.clients.consumer.RangeAssignor"
          : "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
      props.put("session.timeout.ms", "10000");
      props.put("heartbeat.interval.ms", "500");
    }
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    long idleMs = Long.parseLong(args[5]);
    long maxMs = Long.parseLong(args[6]);
    long start = System.currentTimeMillis();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(args[1]), new ConsumerRebalanceListener() {
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          consumer.commitSync();
          System.out.println("V " + partitions);
        }
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          System.out.println("A " + partitions);
          System.out.flush();
        }
      });
      long lastRecord = -1;
      while (System.currentTimeMillis() - start < maxMs) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> r : records) {
          System.out.println("R " + r.partition() + " " + r.offset() + " " + r.value());
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
          lastRecord = System.currentTimeMillis();
        }
        if (lastRecord > 0 && System.currentTimeMillis() - lastRecord > idleMs) break;
      }
      consumer.commitSync();
    }
    System.out.flush();
  }
}
